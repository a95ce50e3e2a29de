import { createIfMissing, inPostgres, type Pool } from '../postgres/connect-postgres.ts';
import type { Lease, LeaseStore } from './lease-store.ts';

interface LeaseRow {
  name: string;
  holder: string;
  /** bigint columns arrive as strings from pg. */
  token: string;
  expires_at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS leases (
    name text PRIMARY KEY,
    holder text NOT NULL,
    token bigint NOT NULL,
    renewed_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
  )`;

/** The columns a Lease is read from; the expiry floored to whole ms, so a holder never sees it later than it is. */
const RETURNED = 'name, holder, token, floor(extract(epoch FROM expires_at) * 1000)::bigint AS expires_at';

// One statement, so one atomic step however many replicas race: a concurrent insert of the same
// name waits and then takes the conflict path against the row the winner committed. The server's
// clock is read once (renewed_at), and excluded.renewed_at is that "now" throughout.
const ACQUIRE = `
  INSERT INTO leases AS lease (name, holder, token, renewed_at, expires_at)
  SELECT $1, $2, 1, now.at, now.at + $3::float8 * interval '1 millisecond' FROM (SELECT clock_timestamp() AS at) AS now
  ON CONFLICT (name) DO UPDATE SET
    token = CASE WHEN lease.expires_at > excluded.renewed_at THEN lease.token ELSE lease.token + 1 END,
    holder = excluded.holder,
    renewed_at = excluded.renewed_at,
    expires_at = excluded.expires_at
  WHERE lease.holder = excluded.holder OR lease.expires_at <= excluded.renewed_at
  RETURNING ${RETURNED}`;

const RELEASE = 'UPDATE leases SET expires_at = least(expires_at, clock_timestamp()) WHERE name = $1 AND holder = $2 AND token = $3';

/**
 * Leases in a PostgreSQL table, timed by the database server's clock so that replicas with skewed
 * clocks agree on expiry. Plain SQL, no extensions or advisory locks, so it also runs on
 * PostgreSQL-compatible databases. Each call is one idempotent statement, retried on a transient
 * fault (inPostgres): a renewal repeated after a lost reply renews again with the same token.
 */
export class PostgresLeaseStore implements LeaseStore {
  readonly #pool: Pool;

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** Creates the table if missing (replicas starting together may race to create it). */
  static async open(pool: Pool): Promise<PostgresLeaseStore> {
    await createIfMissing(pool, [SCHEMA]);
    return new PostgresLeaseStore(pool);
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    const { rows } = await inPostgres(() => this.#pool.query<LeaseRow>(ACQUIRE, [name, holder, ttlMs]));
    return leaseOf(rows[0]);
  }

  async release(name: string, holder: string, token: number): Promise<void> {
    await inPostgres(() => this.#pool.query(RELEASE, [name, holder, token]));
  }

  async current(name: string): Promise<Lease | undefined> {
    const { rows } = await inPostgres(() => this.#pool.query<LeaseRow>(`SELECT ${RETURNED} FROM leases WHERE name = $1`, [name]));
    return leaseOf(rows[0]);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

function leaseOf(row: LeaseRow | undefined): Lease | undefined {
  return row && { name: row.name, holder: row.holder, token: Number(row.token), expiresAt: Number(row.expires_at) };
}
