import { EventEmitter } from 'node:events';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ConcurrencyError } from '../domain/errors.ts';
import type { JsonValue, NewEvent } from '../events/envelope.ts';
import { GroupCommit } from '../sqlite/group-commit.ts';
import { WalSync } from '../sqlite/wal-sync.ts';
import { RecentEvents } from './recent-events.ts';
import { openSqlite, openSqliteForReading } from '../sqlite/open-sqlite.ts';
import type {
  AppendRequest,
  AppendResult,
  ChainLink,
  EventStore,
  StoredEvent,
  StreamHead,
  SubscribeOptions,
  Subscription,
} from './event-store.ts';
import { type ChainAlgorithm, DEFAULT_CHAIN_ALGORITHM, PreChainStoreError, chainHashOf, chainLinkOf, genesisOf } from './hash-chain.ts';
import { subscribeToFeed } from './feed-subscription.ts';
import { replayAppend } from './replay-append.ts';

/** The tables as first released (schema version 1); CHAIN_MIGRATION makes version 2. */
const SCHEMA = `
  CREATE TABLE events (
    position       INTEGER PRIMARY KEY,
    stream_id      TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    stream_type    TEXT    NOT NULL,
    event_id       TEXT    NOT NULL UNIQUE,
    event_type     TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    data           TEXT    NOT NULL,
    UNIQUE (stream_id, version)
  );
  CREATE TABLE idempotency (
    key           TEXT    PRIMARY KEY,
    stream_id     TEXT    NOT NULL,
    first_version INTEGER NOT NULL,
    last_version  INTEGER NOT NULL,
    fingerprint   TEXT    NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE checkpoints (
    name     TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/** The most appends one synced commit carries (each typically a command's one to three events). */
const MAX_APPENDS_PER_COMMIT = 256;

/** How many of the last appended events a store keeps in memory for its followers. */
const RECENT_EVENTS = 2048;

/** The schema version this code reads and writes (PRAGMA user_version). */
const SCHEMA_VERSION = 2;

/** Version 2: tamper evidence. A chain hash per event (backfilled) and each stream's head. */
const CHAIN_MIGRATION = `
  ALTER TABLE events ADD COLUMN chain_hash TEXT NOT NULL DEFAULT '';
  CREATE TABLE stream_heads (
    stream_id  TEXT    PRIMARY KEY,
    version    INTEGER NOT NULL,
    chain_hash TEXT    NOT NULL
  ) WITHOUT ROWID;
`;

interface EventRow {
  position: number;
  stream_id: string;
  version: number;
  stream_type: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  occurred_at: string;
  metadata: string;
  data: string;
  chain_hash: string;
}

/** Where a stream's chain continues: its version and the hash the next event follows. */
interface ChainTip {
  readonly version: number;
  readonly hash: string;
}

/** Envelope fields kept together in one JSON column: nobody queries by them inside the store. */
type MetadataColumn = Pick<StoredEvent, 'correlationId' | 'causationId' | 'actor' | 'regionCode' | 'traceContext'>;

export interface SqliteEventStoreOptions {
  readonly service: string;
  /** A file path, or ":memory:" for tests. */
  readonly path: string;
  /** The hash new events are chained with (OW_EVENT_CHAIN_HASH); older links keep theirs. */
  readonly chainHash?: ChainAlgorithm;
  /**
   * Open an existing file to read it only (npm run verify-chain): no lock, no migration, nothing
   * written; appends fail. A file from before tamper evidence is refused (PreChainStoreError).
   */
  readonly readOnly?: boolean;
}

/**
 * The embedded event store: one SQLite file per service, WAL with a synced commit, so an append
 * that resolved survives a crash or power loss and a batch is never partial. Concurrent appends
 * share one synced commit (group commit, sqlite/group-commit.ts), each in a savepoint of its own. One process owns the
 * file (exclusive lock). Appends are synchronous inside one transaction, so nothing interleaves
 * between reading the stream's version and writing after it; positions follow commit order.
 * Every event is hash-chained to the one before it in its stream (store/hash-chain.ts), and the
 * stream's head is written in the same transaction.
 */
export class SqliteEventStore implements EventStore {
  readonly service: string;
  readonly #algorithm: ChainAlgorithm;
  readonly #db: DatabaseSync;
  readonly #appended = new EventEmitter().setMaxListeners(0);
  /** Appends of concurrent commands share one synced commit (group commit). */
  readonly #commits: GroupCommit;
  readonly #recent = new RecentEvents(RECENT_EVENTS);
  /** Syncs the write-ahead log off the thread; absent for a file in memory or read only. */
  readonly #walSync: WalSync | undefined;
  /**
   * The last position known to be on disk. Followers read no further (a relay must never publish
   * an event a power loss could take back), nor does an idempotent replay answer from beyond it.
   */
  #durable: number;
  readonly #sql: Record<
    | 'insert' | 'lastEvent' | 'streamHead' | 'saveHead' | 'readStream' | 'readRange' | 'readAll' | 'head'
    | 'findKey' | 'insertKey' | 'loadCheckpoint' | 'saveCheckpoint' | 'allLinks' | 'allHeads',
    StatementSync
  >;

  constructor(options: SqliteEventStoreOptions) {
    this.service = options.service;
    this.#algorithm = options.chainHash ?? DEFAULT_CHAIN_ALGORITHM;
    const inFile = options.path !== ':memory:' && !options.readOnly;
    // Commits are synced by WalSync after they return, not inside them (docs/architecture.md,
    // "The commit path"); a file in memory has nothing to sync.
    this.#db = options.readOnly ? openForReading(options.path) : openSqlite(options.path, {
      synchronous: inFile ? 'NORMAL' : 'FULL',
      exclusive: options.path !== ':memory:',
      schema: { version: SCHEMA_VERSION, sql: SCHEMA, migrations: [(db) => this.#chainExistingEvents(db)] },
    });
    this.#walSync = inFile ? new WalSync(options.path) : undefined;
    const walSync = this.#walSync;
    this.#commits = new GroupCommit(this.#db, {
      maxBatch: MAX_APPENDS_PER_COMMIT,
      crashPoint: 'event-store:committed',
      ...(walSync ? { sync: () => walSync.durable() } : {}),
      onCommit: (results) => {
        for (const result of results as AppendResult[]) {
          if (result.replayed) continue;
          this.#recent.add(result.events);
          const last = result.events.at(-1);
          if (last && last.position > this.#durable) this.#durable = last.position;
        }
        this.#appended.emit('appended');
      },
    });
    const sql = (text: string) => this.#db.prepare(text);
    this.#sql = {
      insert: sql(`INSERT INTO events (stream_id, version, stream_type, event_id, event_type, schema_version,
                     occurred_at, metadata, data, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING position`),
      lastEvent: sql('SELECT version, chain_hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1'),
      streamHead: sql('SELECT stream_id, version, chain_hash FROM stream_heads WHERE stream_id = ?'),
      saveHead: sql(`INSERT INTO stream_heads (stream_id, version, chain_hash) VALUES (?, ?, ?)
                     ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, chain_hash = excluded.chain_hash`),
      readStream: sql('SELECT * FROM events WHERE stream_id = ? AND version >= ? ORDER BY version'),
      readRange: sql('SELECT * FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version'),
      readAll: sql('SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?'),
      head: sql('SELECT coalesce(max(position), 0) AS p FROM events'),
      findKey: sql('SELECT stream_id, first_version, last_version, fingerprint FROM idempotency WHERE key = ?'),
      insertKey: sql('INSERT INTO idempotency (key, stream_id, first_version, last_version, fingerprint) VALUES (?, ?, ?, ?, ?)'),
      loadCheckpoint: sql('SELECT position FROM checkpoints WHERE name = ?'),
      saveCheckpoint: sql(`INSERT INTO checkpoints (name, position) VALUES (?, ?)
                           ON CONFLICT (name) DO UPDATE SET position = excluded.position`),
      allLinks: sql('SELECT * FROM events ORDER BY stream_id, version'),
      allHeads: sql('SELECT stream_id, version, chain_hash FROM stream_heads'),
    };
    this.#durable = (this.#sql.head.get() as { p: number }).p;
  }

  /**
   * The migration to schema version 2, in the transaction that opens the file: chains the events
   * stored before tamper evidence existed, stream by stream, and records each stream's head. Only
   * the new column and table are written; the events themselves stay as they were.
   */
  #chainExistingEvents(db: DatabaseSync): void {
    db.exec(CHAIN_MIGRATION);
    const setHash = db.prepare('UPDATE events SET chain_hash = ? WHERE position = ?');
    const saveHead = db.prepare('INSERT INTO stream_heads (stream_id, version, chain_hash) VALUES (?, ?, ?)');
    let head: { streamId: string; version: number; hash: string } | undefined;
    for (const row of db.prepare('SELECT * FROM events ORDER BY stream_id, version').iterate() as Iterable<EventRow>) {
      if (head && head.streamId !== row.stream_id) saveHead.run(head.streamId, head.version, head.hash);
      const previous = head?.streamId === row.stream_id ? head.hash : genesisOf(this.#algorithm, row.stream_id);
      const hash = chainHashOf(this.#algorithm, previous, this.#toEvent(row));
      setHash.run(hash, row.position);
      head = { streamId: row.stream_id, version: row.version, hash };
    }
    if (head) saveHead.run(head.streamId, head.version, head.hash);
  }

  /** Resolves once the append is in a synced commit, which it may share with other appends. */
  append(request: AppendRequest): Promise<AppendResult> {
    return this.#commits.run(() => this.#appendInTransaction(request));
  }

  #appendInTransaction(request: AppendRequest): AppendResult {
    if (request.idempotencyKey !== undefined) {
      const earlier = this.#findByKey(request.idempotencyKey);
      if (earlier) return replayAppend(earlier, request);
    }
    const tip = this.#tip(request.streamId);
    const current = tip.version;
    if (request.expectedVersion !== 'any' && request.expectedVersion !== current) {
      throw new ConcurrencyError(request.streamId, request.expectedVersion, current);
    }
    if (request.events.length === 0) return { streamId: request.streamId, events: [], version: current, replayed: false };
    let previous = tip.hash;
    const events = request.events.map((event, index) => {
      const { stored, chainHash } = this.#insert(request, event, current + index + 1, previous);
      previous = chainHash;
      return stored;
    });
    const version = current + events.length;
    this.#sql.saveHead.run(request.streamId, version, previous);
    if (request.idempotencyKey !== undefined) {
      this.#sql.insertKey.run(request.idempotencyKey, request.streamId, current + 1, version, request.requestFingerprint ?? '');
    }
    return { streamId: request.streamId, events, version, replayed: false };
  }

  /**
   * The higher of the stream's head and its last stored event. They agree unless someone changed
   * the file: after a deleted tail the head is higher, and the chain goes on from it, leaving the
   * gap for the verifier to report rather than covering it with new events.
   */
  #tip(streamId: string): ChainTip {
    const head = this.#sql.streamHead.get(streamId) as { version: number; chain_hash: string } | undefined;
    const last = this.#sql.lastEvent.get(streamId) as { version: number; chain_hash: string } | undefined;
    const higher = (last?.version ?? 0) > (head?.version ?? 0) ? last : head;
    return higher ? { version: higher.version, hash: higher.chain_hash } : { version: 0, hash: genesisOf(this.#algorithm, streamId) };
  }

  #insert(request: AppendRequest, event: NewEvent, version: number, previous: string): { stored: StoredEvent; chainHash: string } {
    const metadata: MetadataColumn = {
      correlationId: event.correlationId,
      causationId: event.causationId,
      actor: event.actor,
      regionCode: event.regionCode,
      traceContext: event.traceContext,
    };
    const unplaced = { ...event, streamId: request.streamId, streamType: request.streamType, version, sourceService: this.service };
    const chainHash = chainHashOf(this.#algorithm, previous, unplaced);
    const { position } = this.#sql.insert.get(
      request.streamId, version, request.streamType, event.eventId, event.eventType, event.schemaVersion,
      event.occurredAt, JSON.stringify(metadata), JSON.stringify(event.payload), chainHash,
    ) as { position: number };
    return { stored: { ...unplaced, position }, chainHash };
  }

  async findByIdempotencyKey(key: string): Promise<(AppendResult & { requestFingerprint: string }) | undefined> {
    const found = this.#findByKey(key);
    // Committed by a group whose sync is still running: answer only once it is on disk.
    if (found && this.#walSync && (found.events.at(-1)?.position ?? 0) > this.#durable) await this.#walSync.durable();
    return found;
  }

  #findByKey(key: string): (AppendResult & { requestFingerprint: string }) | undefined {
    const row = this.#sql.findKey.get(key) as { stream_id: string; first_version: number; last_version: number; fingerprint: string } | undefined;
    if (!row) return undefined;
    const rows = this.#sql.readRange.all(row.stream_id, row.first_version, row.last_version) as unknown as EventRow[];
    return { streamId: row.stream_id, events: rows.map(this.#toEvent), version: row.last_version, replayed: true, requestFingerprint: row.fingerprint };
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    return (this.#sql.readStream.all(streamId, fromVersion) as unknown as EventRow[]).map(this.#toEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.#tip(streamId).version;
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return this.#readAll(after, limit);
  }

  #readAll(after: number, limit: number): StoredEvent[] {
    return this.#recent.after(after, limit) ?? (this.#sql.readAll.all(after, this.#durable, limit) as unknown as EventRow[]).map(this.#toEvent);
  }

  async headPosition(): Promise<number> {
    return this.#durable;
  }

  subscribe(options: SubscribeOptions, handler: (batch: StoredEvent[], signal: AbortSignal) => Promise<void>): Subscription {
    return subscribeToFeed((after, limit) => this.#readAll(after, limit), this.#appended, options, handler);
  }


  async loadCheckpoint(name: string): Promise<number> {
    return (this.#sql.loadCheckpoint.get(name) as { position: number } | undefined)?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    this.#sql.saveCheckpoint.run(name, position);
  }

  async *chainLinks(): AsyncIterable<ChainLink> {
    for (const row of this.#sql.allLinks.iterate() as Iterable<EventRow>) yield this.#toLink(row);
  }

  async *streamHeads(): AsyncIterable<StreamHead> {
    for (const row of this.#sql.allHeads.iterate() as Iterable<{ stream_id: string; version: number; chain_hash: string }>) {
      yield { streamId: row.stream_id, version: row.version, chainHash: row.chain_hash };
    }
  }

  async streamChain(streamId: string): Promise<{ links: ChainLink[]; head: StreamHead | undefined }> {
    const rows = this.#sql.readStream.all(streamId, 1) as unknown as EventRow[];
    const head = this.#sql.streamHead.get(streamId) as { version: number; chain_hash: string } | undefined;
    return { links: rows.map(this.#toLink), head: head && { streamId, version: head.version, chainHash: head.chain_hash } };
  }

  async close(): Promise<void> {
    await this.#commits.drain();
    await this.#walSync?.close();
    if (this.#db.isOpen) this.#db.close();
  }

  #toLink = (row: EventRow): ChainLink =>
    chainLinkOf({ streamId: row.stream_id, version: row.version, position: row.position, chainHash: row.chain_hash }, () => this.#toEvent(row));

  #toEvent = (row: EventRow): StoredEvent => {
    const metadata = JSON.parse(row.metadata) as MetadataColumn;
    return {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamType: row.stream_type,
      version: row.version,
      position: row.position,
      eventType: row.event_type,
      schemaVersion: row.schema_version,
      occurredAt: row.occurred_at,
      ...metadata,
      sourceService: this.service,
      payload: JSON.parse(row.data) as JsonValue,
    };
  };
}

/** A store file opened to be read only, at the schema version this code reads, never migrated. */
function openForReading(path: string): DatabaseSync {
  const { db, version } = openSqliteForReading(path);
  if (version === SCHEMA_VERSION) return db;
  db.close();
  if (version === 1) throw new PreChainStoreError(path);
  throw new Error(`${path} has schema version ${version}; this OneWindow reads version ${SCHEMA_VERSION}`);
}
