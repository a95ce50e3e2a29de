import { EventEmitter } from 'node:events';
import { ConcurrencyError, FencedError } from '../domain/errors.ts';
import type { JsonValue, NewEvent } from '../events/envelope.ts';
import { type Pool, type PoolClient, fenceCondition, createIfMissing, inPostgres, inTransaction, isUniqueViolation } from '../postgres/connect-postgres.ts';
import type { AppendRequest, AppendResult, ChainLink, EventStore, StoredEvent, StreamHead, SubscribeOptions, Subscription } from './event-store.ts';
import { type ChainAlgorithm, DEFAULT_CHAIN_ALGORITHM, chainHashOf, chainLinkOf, genesisOf } from './hash-chain.ts';
import { subscribeToFeed } from './feed-subscription.ts';
import { replayAppend } from './replay-append.ts';

/**
 * The tables, in the service's schema. `feed_head` is one row holding the last position handed
 * out: an append takes its positions by updating it, and the row lock it takes is held until the
 * append commits, so appends commit one after another in position order and a reader of the feed
 * never sees a later position before an earlier one (a sequence would hand out positions in start
 * order and let them commit in any order).
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
    position       bigint  PRIMARY KEY,
    stream_id      text    NOT NULL,
    version        integer NOT NULL,
    stream_type    text    NOT NULL,
    event_id       text    NOT NULL,
    event_type     text    NOT NULL,
    schema_version integer NOT NULL,
    occurred_at    text    NOT NULL,
    metadata       text    NOT NULL,
    data           text    NOT NULL,
    chain_hash     text    NOT NULL,
    CONSTRAINT events_stream_version UNIQUE (stream_id, version),
    CONSTRAINT events_event_id UNIQUE (event_id)
  )`,
  `CREATE TABLE IF NOT EXISTS stream_heads (
    stream_id  text    PRIMARY KEY,
    version    integer NOT NULL,
    chain_hash text    NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS idempotency (
    key           text    PRIMARY KEY,
    stream_id     text    NOT NULL,
    first_version integer NOT NULL,
    last_version  integer NOT NULL,
    fingerprint   text    NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS feed_head (
    id       smallint PRIMARY KEY CHECK (id = 1),
    position bigint   NOT NULL
  )`,
  'INSERT INTO feed_head (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING',
  `CREATE TABLE IF NOT EXISTS checkpoints (
    name     text   PRIMARY KEY,
    position bigint NOT NULL
  )`,
];

const COLUMNS = 'position, stream_id, version, stream_type, event_id, event_type, schema_version, occurred_at, metadata, data, chain_hash';

interface EventRow {
  position: string;
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

type MetadataColumn = Pick<StoredEvent, 'correlationId' | 'causationId' | 'actor' | 'regionCode' | 'traceContext'>;

/** How often a subscription looks for events other replicas appended. */
const POLL_MS = 100;

/** Rows the verifier reads per query. */
const CHAIN_PAGE = 1000;

/**
 * The event store on PostgreSQL, one schema per service (postgres/connect-postgres.ts). An append
 * is one transaction: the idempotency key is looked up, the stream's head row is locked and its
 * version checked, positions are taken from `feed_head`, then the events, the head and the key
 * are written. Two appends racing for a new stream both pass the check; the later collides on
 * the (stream_id, version) constraint, or on the key, and is answered like the MongoDB store's:
 * ConcurrencyError, or the first append's result. Every event is hash-chained to the one before
 * it in its stream (store/hash-chain.ts). Subscriptions poll the feed (every 100 ms, and at once
 * after a local append), so the same code catches up and follows from any checkpoint.
 * Transient faults (a lost connection, a failover) are retried and then answered UNAVAILABLE.
 */
export class PostgresEventStore implements EventStore {
  readonly service: string;
  readonly #pool: Pool;
  readonly #algorithm: ChainAlgorithm;
  readonly #appended = new EventEmitter().setMaxListeners(0);
  readonly #holder: string | undefined;

  private constructor(service: string, pool: Pool, algorithm: ChainAlgorithm, holder?: string) {
    this.service = service;
    this.#pool = pool;
    this.#algorithm = algorithm;
    this.#holder = holder;
  }

  /**
   * Opens the store on `pool`'s schema, creating its tables if missing. With `holder` (this
   * replica's name among the holders of leases), a checkpoint is fenced by the lease of the same
   * name: one another replica holds refuses the write (FencedError).
   */
  static async open(service: string, pool: Pool, options: { chainHash?: ChainAlgorithm; holder?: string } = {}): Promise<PostgresEventStore> {
    await createIfMissing(pool, SCHEMA);
    return new PostgresEventStore(service, pool, options.chainHash ?? DEFAULT_CHAIN_ALGORITHM, options.holder);
  }

  /** Opens an existing store to read it only (npm run verify-chain): creates and writes nothing. */
  static async openForReading(service: string, pool: Pool): Promise<PostgresEventStore> {
    const found = await inPostgres(() => pool.query<{ found: string | null }>("SELECT to_regclass('events')::text AS found"));
    if (!found.rows[0]?.found) {
      await pool.end();
      throw new Error(`no event store of ${service} in this PostgreSQL schema`);
    }
    return new PostgresEventStore(service, pool, DEFAULT_CHAIN_ALGORITHM);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    let result: AppendResult;
    try {
      result = await inTransaction(this.#pool, (client) => this.#append(client, request));
    } catch (error) {
      // A retry of the same request that waited on the first one's lock: the first result is its answer.
      if (error instanceof ConcurrencyError && request.idempotencyKey !== undefined) {
        const earlier = await this.#findByKey(this.#pool, request.idempotencyKey);
        if (earlier) return replayAppend(earlier, request);
      }
      if (!isUniqueViolation(error) || isUniqueViolation(error, 'events_event_id')) throw error;
      // A race the locks could not order: the key's first append, or the stream's new version, won.
      const earlier = request.idempotencyKey === undefined ? undefined : await this.#findByKey(this.#pool, request.idempotencyKey);
      if (earlier) return replayAppend(earlier, request);
      const actual = await this.streamVersion(request.streamId);
      throw new ConcurrencyError(request.streamId, request.expectedVersion === 'any' ? actual : request.expectedVersion, actual);
    }
    if (!result.replayed && result.events.length > 0) this.#appended.emit('appended');
    return result;
  }

  async #append(client: PoolClient, request: AppendRequest): Promise<AppendResult> {
    if (request.idempotencyKey !== undefined) {
      const earlier = await this.#findByKey(client, request.idempotencyKey);
      if (earlier) return replayAppend(earlier, request);
    }
    const tip = await this.#tip(client, request.streamId, true);
    if (request.expectedVersion !== 'any' && request.expectedVersion !== tip.version) {
      throw new ConcurrencyError(request.streamId, request.expectedVersion, tip.version);
    }
    if (request.events.length === 0) return { streamId: request.streamId, events: [], version: tip.version, replayed: false };
    const taken = await client.query<{ position: string }>('UPDATE feed_head SET position = position + $1 WHERE id = 1 RETURNING position', [request.events.length]);
    const first = Number(taken.rows[0]!.position) - request.events.length + 1;
    const events = request.events.map((event, index) => this.#stored(request, event, tip.version + index + 1, first + index));
    let previous = tip.hash;
    const hashes = events.map((event) => (previous = chainHashOf(this.#algorithm, previous, event)));
    await this.#insert(client, events, hashes);
    const version = tip.version + events.length;
    await client.query(
      `INSERT INTO stream_heads (stream_id, version, chain_hash) VALUES ($1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, chain_hash = excluded.chain_hash`,
      [request.streamId, version, previous],
    );
    if (request.idempotencyKey !== undefined) {
      await client.query('INSERT INTO idempotency (key, stream_id, first_version, last_version, fingerprint) VALUES ($1, $2, $3, $4, $5)', [
        request.idempotencyKey, request.streamId, tip.version + 1, version, request.requestFingerprint ?? '',
      ]);
    }
    return { streamId: request.streamId, events, version, replayed: false };
  }

  /** One INSERT for the whole batch: each column as an array, unnested into rows. */
  async #insert(client: PoolClient, events: readonly StoredEvent[], hashes: readonly string[]): Promise<void> {
    const column = <T>(of: (event: StoredEvent, index: number) => T) => events.map(of);
    await client.query(
      `INSERT INTO events (${COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[], $9::text[], $10::text[], $11::text[])`,
      [
        column((e) => e.position), column((e) => e.streamId), column((e) => e.version), column((e) => e.streamType), column((e) => e.eventId),
        column((e) => e.eventType), column((e) => e.schemaVersion), column((e) => e.occurredAt), column(metadataOf), column((e) => JSON.stringify(e.payload)),
        column((_, index) => hashes[index]!),
      ],
    );
  }

  #stored(request: AppendRequest, event: NewEvent, version: number, position: number): StoredEvent {
    return { ...event, streamId: request.streamId, streamType: request.streamType, version, position, sourceService: this.service };
  }

  findByIdempotencyKey(key: string): Promise<(AppendResult & { readonly requestFingerprint: string }) | undefined> {
    return inPostgres(() => this.#findByKey(this.#pool, key));
  }

  async #findByKey(on: Pool | PoolClient, key: string): Promise<(AppendResult & { requestFingerprint: string }) | undefined> {
    const found = await on.query<{ stream_id: string; first_version: number; last_version: number; fingerprint: string }>(
      'SELECT stream_id, first_version, last_version, fingerprint FROM idempotency WHERE key = $1',
      [key],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    const events = await on.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND version BETWEEN $2 AND $3 ORDER BY version`, [
      row.stream_id, row.first_version, row.last_version,
    ]);
    return { streamId: row.stream_id, events: events.rows.map(this.#toEvent), version: row.last_version, replayed: true, requestFingerprint: row.fingerprint };
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    const rows = await inPostgres(() => this.#pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version`, [streamId, fromVersion]));
    return rows.rows.map(this.#toEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    return inPostgres(async () => (await this.#tip(this.#pool, streamId, false)).version);
  }

  /**
   * Where the stream's chain continues: the higher of its head and its last stored event (they
   * differ only if someone changed the tables; after a deleted tail the chain goes on from the
   * head, leaving the gap for the verifier). `lock` takes the head row's lock for an append.
   */
  async #tip(on: Pool | PoolClient, streamId: string, lock: boolean): Promise<{ version: number; hash: string }> {
    const head = (await on.query<{ version: number; chain_hash: string }>(`SELECT version, chain_hash FROM stream_heads WHERE stream_id = $1${lock ? ' FOR UPDATE' : ''}`, [streamId])).rows[0];
    const last = (await on.query<{ version: number; chain_hash: string }>('SELECT version, chain_hash FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1', [streamId])).rows[0];
    if (last && last.version > (head?.version ?? 0)) return { version: last.version, hash: last.chain_hash };
    return head ? { version: head.version, hash: head.chain_hash } : { version: 0, hash: genesisOf(this.#algorithm, streamId) };
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    const rows = await inPostgres(() => this.#pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [after, limit]));
    return rows.rows.map(this.#toEvent);
  }

  async headPosition(): Promise<number> {
    const rows = await inPostgres(() => this.#pool.query<{ position: string }>('SELECT position FROM feed_head WHERE id = 1'));
    return Number(rows.rows[0]?.position ?? 0);
  }

  subscribe(options: SubscribeOptions, handler: (batch: StoredEvent[], signal: AbortSignal) => Promise<void>): Subscription {
    // Other processes' appends are found by polling; this process's wake the follower at once.
    return subscribeToFeed((after, limit) => this.readAll(after, limit), this.#appended, options, handler, POLL_MS);
  }


  async loadCheckpoint(name: string): Promise<number> {
    const rows = await inPostgres(() => this.#pool.query<{ position: string }>('SELECT position FROM checkpoints WHERE name = $1', [name]));
    return Number(rows.rows[0]?.position ?? 0);
  }

  /** Never moves a checkpoint backwards (a lagging writer's older position is ignored), and is fenced (see open). */
  async saveCheckpoint(name: string, position: number): Promise<void> {
    const fence = this.#holder === undefined ? '' : `WHERE ${fenceCondition('$1', '$3')}`;
    const written = await inPostgres(() =>
      this.#pool.query(
        `INSERT INTO checkpoints (name, position) SELECT $1, $2 ${fence}
         ON CONFLICT (name) DO UPDATE SET position = GREATEST(checkpoints.position, excluded.position)`,
        this.#holder === undefined ? [name, position] : [name, position, this.#holder],
      ),
    );
    if (written.rowCount === 0) throw new FencedError(name);
  }

  /** Page by page in (stream, version) order, so a large store is never read into memory at once. */
  async *chainLinks(): AsyncIterable<ChainLink> {
    let after: [string, number] = ['', 0];
    for (;;) {
      const [streamId, version] = after;
      const page = await inPostgres(() =>
        this.#pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE (stream_id, version) > ($1, $2) ORDER BY stream_id, version LIMIT $3`, [streamId, version, CHAIN_PAGE]),
      );
      for (const row of page.rows) yield this.#toLink(row);
      if (page.rows.length < CHAIN_PAGE) return;
      const last = page.rows.at(-1)!;
      after = [last.stream_id, last.version];
    }
  }

  async *streamHeads(): AsyncIterable<StreamHead> {
    let after = '';
    for (;;) {
      const from = after;
      const page = await inPostgres(() =>
        this.#pool.query<{ stream_id: string; version: number; chain_hash: string }>('SELECT stream_id, version, chain_hash FROM stream_heads WHERE stream_id > $1 ORDER BY stream_id LIMIT $2', [from, CHAIN_PAGE]),
      );
      for (const row of page.rows) yield { streamId: row.stream_id, version: row.version, chainHash: row.chain_hash };
      if (page.rows.length < CHAIN_PAGE) return;
      after = page.rows.at(-1)!.stream_id;
    }
  }

  /** One snapshot, so that an append during the read cannot pass for a broken link. */
  streamChain(streamId: string): Promise<{ links: ChainLink[]; head: StreamHead | undefined }> {
    return inTransaction(
      this.#pool,
      async (client) => {
        const rows = await client.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY version`, [streamId]);
        const head = (await client.query<{ version: number; chain_hash: string }>('SELECT version, chain_hash FROM stream_heads WHERE stream_id = $1', [streamId])).rows[0];
        return { links: rows.rows.map(this.#toLink), head: head && { streamId, version: head.version, chainHash: head.chain_hash } };
      },
      'REPEATABLE READ',
    );
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  #toLink = (row: EventRow): ChainLink =>
    chainLinkOf({ streamId: row.stream_id, version: row.version, position: Number(row.position), chainHash: row.chain_hash }, () => this.#toEvent(row));

  #toEvent = (row: EventRow): StoredEvent => ({
    eventId: row.event_id,
    streamId: row.stream_id,
    streamType: row.stream_type,
    version: row.version,
    position: Number(row.position),
    eventType: row.event_type,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    ...(JSON.parse(row.metadata) as MetadataColumn),
    sourceService: this.service,
    payload: JSON.parse(row.data) as JsonValue,
  });
}

function metadataOf(event: StoredEvent): string {
  const metadata: MetadataColumn = { correlationId: event.correlationId, causationId: event.causationId, actor: event.actor, regionCode: event.regionCode, traceContext: event.traceContext };
  return JSON.stringify(metadata);
}
