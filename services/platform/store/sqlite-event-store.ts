import { EventEmitter } from 'node:events';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { AlreadyExistsError, ConcurrencyError } from '../domain/errors.ts';
import type { JsonValue, NewEvent } from '../events/envelope.ts';
import { inTransaction, openSqlite } from '../sqlite/open-sqlite.ts';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.ts';
import { followFeed } from '../runtime/follow-feed.ts';

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
}

/** Envelope fields kept together in one JSON column: nobody queries by them inside the store. */
type MetadataColumn = Pick<StoredEvent, 'correlationId' | 'causationId' | 'actor' | 'regionCode' | 'traceContext'>;

export interface SqliteEventStoreOptions {
  readonly service: string;
  /** A file path, or ":memory:" for tests. */
  readonly path: string;
}

/**
 * The embedded event store: one SQLite file per service, WAL with a synced commit, so an append
 * that resolved survives a crash or power loss and a batch is never partial. One process owns the
 * file (exclusive lock). Appends are synchronous inside one transaction, so nothing interleaves
 * between reading the stream's version and writing after it; positions follow commit order.
 */
export class SqliteEventStore implements EventStore {
  readonly service: string;
  readonly #db: DatabaseSync;
  readonly #appended = new EventEmitter().setMaxListeners(0);
  readonly #sql: Record<
    | 'insert' | 'streamVersion' | 'readStream' | 'readRange' | 'readAll' | 'head'
    | 'findKey' | 'insertKey' | 'loadCheckpoint' | 'saveCheckpoint',
    StatementSync
  >;

  constructor(options: SqliteEventStoreOptions) {
    this.service = options.service;
    this.#db = openSqlite(options.path, { synchronous: 'FULL', exclusive: options.path !== ':memory:', schema: { version: 1, sql: SCHEMA } });
    const sql = (text: string) => this.#db.prepare(text);
    this.#sql = {
      insert: sql(`INSERT INTO events (stream_id, version, stream_type, event_id, event_type, schema_version,
                     occurred_at, metadata, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING position`),
      streamVersion: sql('SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = ?'),
      readStream: sql('SELECT * FROM events WHERE stream_id = ? AND version >= ? ORDER BY version'),
      readRange: sql('SELECT * FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version'),
      readAll: sql('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      head: sql('SELECT coalesce(max(position), 0) AS p FROM events'),
      findKey: sql('SELECT stream_id, first_version, last_version, fingerprint FROM idempotency WHERE key = ?'),
      insertKey: sql('INSERT INTO idempotency (key, stream_id, first_version, last_version, fingerprint) VALUES (?, ?, ?, ?, ?)'),
      loadCheckpoint: sql('SELECT position FROM checkpoints WHERE name = ?'),
      saveCheckpoint: sql(`INSERT INTO checkpoints (name, position) VALUES (?, ?)
                           ON CONFLICT (name) DO UPDATE SET position = excluded.position`),
    };
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const result = inTransaction(this.#db, () => this.#appendInTransaction(request));
    if (!result.replayed && result.events.length > 0) this.#appended.emit('appended');
    return result;
  }

  #appendInTransaction(request: AppendRequest): AppendResult {
    if (request.idempotencyKey !== undefined) {
      const earlier = this.#findByKey(request.idempotencyKey);
      if (earlier) {
        if (request.requestFingerprint !== undefined && request.requestFingerprint !== earlier.requestFingerprint) {
          throw new AlreadyExistsError('the request id was already used for a different request');
        }
        const { requestFingerprint: _, ...result } = earlier;
        return result;
      }
    }
    const current = this.#streamVersion(request.streamId);
    if (request.expectedVersion !== 'any' && request.expectedVersion !== current) {
      throw new ConcurrencyError(request.streamId, request.expectedVersion, current);
    }
    const events = request.events.map((event, index) => this.#insert(request, event, current + index + 1));
    const version = current + events.length;
    if (request.idempotencyKey !== undefined && events.length > 0) {
      this.#sql.insertKey.run(request.idempotencyKey, request.streamId, current + 1, version, request.requestFingerprint ?? '');
    }
    return { streamId: request.streamId, events, version, replayed: false };
  }

  #insert(request: AppendRequest, event: NewEvent, version: number): StoredEvent {
    const metadata: MetadataColumn = {
      correlationId: event.correlationId,
      causationId: event.causationId,
      actor: event.actor,
      regionCode: event.regionCode,
      traceContext: event.traceContext,
    };
    const { position } = this.#sql.insert.get(
      request.streamId, version, request.streamType, event.eventId, event.eventType, event.schemaVersion,
      event.occurredAt, JSON.stringify(metadata), JSON.stringify(event.payload),
    ) as { position: number };
    return { ...event, streamId: request.streamId, streamType: request.streamType, version, position, sourceService: this.service };
  }

  async findByIdempotencyKey(key: string): Promise<(AppendResult & { requestFingerprint: string }) | undefined> {
    return this.#findByKey(key);
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
    return this.#streamVersion(streamId);
  }

  #streamVersion(streamId: string): number {
    return (this.#sql.streamVersion.get(streamId) as { v: number }).v;
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return this.#readAll(after, limit);
  }

  #readAll(after: number, limit: number): StoredEvent[] {
    return (this.#sql.readAll.all(after, limit) as unknown as EventRow[]).map(this.#toEvent);
  }

  async headPosition(): Promise<number> {
    return (this.#sql.head.get() as { p: number }).p;
  }

  subscribe(options: SubscribeOptions, handler: (batch: StoredEvent[], signal: AbortSignal) => Promise<void>): Subscription {
    return followFeed({
      read: (after, limit) => this.#readAll(after, limit),
      cursorOf: (event) => event.position,
      after: options.after,
      batchSize: options.batchSize ?? 500,
      handle: handler,
      onError: options.onError,
      onFailure: options.onFailure,
      onNewItems: (wake) => {
        this.#appended.on('appended', wake);
        return () => this.#appended.off('appended', wake);
      },
    });
  }

  async loadCheckpoint(name: string): Promise<number> {
    return (this.#sql.loadCheckpoint.get(name) as { position: number } | undefined)?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    this.#sql.saveCheckpoint.run(name, position);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

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
