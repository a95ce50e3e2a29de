import type { EventEnvelope, JsonValue, NewEvent } from '../events/envelope.ts';
import type { Subscription } from '../async/subscription.ts';

export type { Subscription };

export type StoredEvent = EventEnvelope<JsonValue>;

/** Expected stream version for an append: 0 for a stream that must not exist yet, or 'any'. */
export type ExpectedVersion = number | 'any';

export interface AppendRequest {
  readonly streamId: string;
  readonly streamType: string;
  readonly expectedVersion: ExpectedVersion;
  /**
   * The caller's idempotency key (from its request id). If an append with this key was stored
   * before, the store writes nothing and returns that first result, whatever this request holds.
   */
  readonly idempotencyKey?: string;
  /**
   * A digest of the request behind the key. A later append with the same key but another
   * fingerprint is a request id reused for a different request: AlreadyExistsError.
   */
  readonly requestFingerprint?: string;
  readonly events: readonly NewEvent[];
}

export interface AppendResult {
  readonly streamId: string;
  /** The events as stored, with versions and positions. */
  readonly events: readonly StoredEvent[];
  /** The stream's version after the append. */
  readonly version: number;
  /** True when the idempotency key matched an earlier append and nothing was written now. */
  readonly replayed: boolean;
}


export interface SubscribeOptions {
  /** Deliver events after this global position. */
  readonly after: number;
  readonly batchSize?: number;
  /** After a wake-up, wait this long so that what follows is handled in the same batch (followFeed). */
  readonly gatherMs?: number;
  /** Called when the handler throws; the same batch is retried after a back-off. */
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Called if the subscription stops for good because the store could not be read. */
  readonly onFailure?: (error: unknown) => void;
}

/**
 * The event store port (one store per service). Implementations: the embedded SQLite store and the
 * MongoDB store; both pass store/event-store.contract.ts.
 *
 * Guarantees: an append is atomic (all its events or none), durable once it resolves, and ordered:
 * the global feed lists events in commit order, so a reader that checkpoints a position never
 * skips an event committed later with a smaller position.
 *
 * Tamper evidence (store/hash-chain.ts): every event is stored with a chain hash over the previous
 * event's hash in its stream and the event exactly as stored, and every stream's head (version and
 * last hash) is kept apart from the events, in the same transaction as the append. The chain
 * continues from the higher of the head and the last stored event, so an append never hides a
 * deleted tail.
 */
export interface EventStore {
  /** The service that owns the store; stamped on every envelope as its source. */
  readonly service: string;
  append(request: AppendRequest): Promise<AppendResult>;
  /** The result of the append made with this idempotency key, if any, and its request fingerprint. */
  findByIdempotencyKey(key: string): Promise<(AppendResult & { readonly requestFingerprint: string }) | undefined>;
  readStream(streamId: string, fromVersion?: number): Promise<StoredEvent[]>;
  /** The stream's current version; 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** The global feed: events after a position, in order. */
  readAll(after: number, limit: number): Promise<StoredEvent[]>;
  /** The position of the last stored event; 0 when empty. */
  headPosition(): Promise<number>;
  /** Catch up from a position, then follow new appends live. */
  subscribe(options: SubscribeOptions, handler: (batch: StoredEvent[], signal: AbortSignal) => Promise<void>): Subscription;
  /** Durable named positions in the global feed, for relays and other followers. */
  loadCheckpoint(name: string): Promise<number>;
  saveCheckpoint(name: string, position: number): Promise<void>;
  /** For the verifier: every stored event with its chain hash, a stream's events together and in version order. */
  chainLinks(): AsyncIterable<ChainLink>;
  /** For the verifier: every stream's head, in no particular order. */
  streamHeads(): AsyncIterable<StreamHead>;
  /** For the verifier: one stream's links and head, read together. */
  streamChain(streamId: string): Promise<{ links: ChainLink[]; head: StreamHead | undefined }>;
  close(): Promise<void>;
}

/** One stored event and the chain hash stored with it, as the verifier reads them. */
export interface ChainLink {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly chainHash: string;
  /** The event as the store reads it; undefined when the stored row no longer decodes. */
  readonly event: StoredEvent | undefined;
}

/** A stream's head as the store keeps it, apart from the events: its version and last hash. */
export interface StreamHead {
  readonly streamId: string;
  readonly version: number;
  readonly chainHash: string;
}
