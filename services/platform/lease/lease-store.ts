/**
 * A lease names the one replica allowed to run a background job (the outbox relay, a projection,
 * timers, the notification dispatcher) until `expiresAt`; the others stand by and take it when it
 * is given up or runs out.
 *
 * `token` fences a deposed holder: it grows each time the lease is taken anew, so a writer that
 * checks the token in the same transaction as its write refuses work from an earlier tenure.
 */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  /** Milliseconds since the epoch, by the store's clock (see LeaseStore). */
  readonly expiresAt: number;
}

/**
 * Leases in a store that every replica reaches, each change atomic across processes.
 *
 * Time is the store's: PostgreSQL and MongoDB read the database server's clock inside the write,
 * so replicas whose clocks disagree still agree on when a lease runs out; SQLite (one machine)
 * reads the machine's clock. A holder must not compare `expiresAt` with its own clock to decide
 * whether it still holds the lease: it counts the ttl from when it sent the request (LeaseKeeper).
 *
 * Tokens: the first tenure of a name gets 1. A renewal of an unexpired lease by its holder keeps
 * the token; any other take (a new holder, or the same holder after its lease ran out or was
 * released) gets the stored token + 1, because work begun in the lapsed tenure must be refused.
 */
export interface LeaseStore {
  /**
   * Takes `name` for `holder` for `ttlMs` if it is free, expired, or held by `holder` (a renewal).
   * Returns the lease held now, or undefined while another holder's unexpired lease stands.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /**
   * Gives the lease up if `holder` holds it with `token`: it expires now, so a standby takes it at
   * once, and keeps its token, so that standby gets token + 1. Otherwise does nothing.
   */
  release(name: string, holder: string, token: number): Promise<void>;
  /** The lease as stored now (possibly expired), or undefined if never taken; a writer's fence reads its token. */
  current(name: string): Promise<Lease | undefined>;
  close(): Promise<void>;
}
