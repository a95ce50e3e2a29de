import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { crashPoint } from '../faults/crash-point.ts';
import { openSqlite, statement } from '../sqlite/open-sqlite.ts';
import { DocumentCache } from './document-cache.ts';
import {
  type CollectionSpec,
  type Condition,
  type Query,
  type ReadModelDocument,
  type ReadModelReader,
  type ReadModelStore,
  type ReadModelTransaction,
  type Scalar,
  type Where,
  assertCollectionName,
  assertFieldPath,
  isRange,
} from './read-model-store.ts';

const PROGRESS_SCHEMA = `
  CREATE TABLE projection_checkpoints (
    projection TEXT PRIMARY KEY,
    position   INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE projection_streams (
    projection TEXT NOT NULL,
    stream_key TEXT NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (projection, stream_key)
  ) WITHOUT ROWID;
`;

const table = (collection: string) => {
  assertCollectionName(collection);
  return `rm_${collection}`;
};

const fieldExpression = (path: string) => {
  assertFieldPath(path);
  return path === 'id' ? 'id' : `json_extract(doc, '$.${path}')`;
};

/** JSON booleans come out of json_extract as 1 and 0. */
const bind = (value: Scalar): SQLInputValue => (typeof value === 'boolean' ? Number(value) : value);

function whereClause(where: Where | undefined): { sql: string; params: SQLInputValue[] } {
  const parts: string[] = [];
  const params: SQLInputValue[] = [];
  for (const [path, condition] of Object.entries(where ?? {})) {
    const field = fieldExpression(path);
    addCondition(field, condition, parts, params);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function addCondition(field: string, condition: Condition, parts: string[], params: SQLInputValue[]): void {
  if (condition === null) {
    parts.push(`${field} IS NULL`);
  } else if (typeof condition !== 'object') {
    parts.push(`${field} = ?`);
    params.push(bind(condition));
  } else if ('in' in condition) {
    parts.push(condition.in.length ? `${field} IN (${condition.in.map(() => '?').join(', ')})` : '0');
    params.push(...condition.in.map(bind));
  } else if ('prefix' in condition) {
    // A range rather than LIKE, so an index on the field serves it.
    parts.push(`${field} >= ? AND ${field} < ?`);
    params.push(condition.prefix, `${condition.prefix}\uffff`);
  } else if (isRange(condition)) {
    const operators = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
    for (const [key, operator] of Object.entries(operators)) {
      const value = condition[key as keyof typeof operators];
      if (value === undefined) continue;
      parts.push(`${field} ${operator} ?`);
      params.push(bind(value));
    }
  }
}

function orderClause(query: Query): string {
  const keys = (query.orderBy ?? []).map(([path, direction]) => `${fieldExpression(path)} ${direction === 'desc' ? 'DESC' : 'ASC'}`);
  return `ORDER BY ${[...keys, 'id ASC'].join(', ')}`;
}

class SqliteReader implements ReadModelReader {
  protected readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }
  async get<T extends ReadModelDocument>(collection: string, id: string): Promise<T | undefined> {
    const row = statement(this.db, `SELECT doc FROM ${table(collection)} WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }
  async find<T extends ReadModelDocument>(collection: string, query: Query = {}): Promise<T[]> {
    const where = whereClause(query.where);
    const sql = `SELECT doc FROM ${table(collection)} ${where.sql} ${orderClause(query)} LIMIT ? OFFSET ?`;
    const params = [...where.params, query.limit ?? -1, query.offset ?? 0];
    return (statement(this.db, sql).all(...params) as Array<{ doc: string }>).map((row) => JSON.parse(row.doc) as T);
  }
  async count(collection: string, where?: Where): Promise<number> {
    const clause = whereClause(where);
    return (statement(this.db, `SELECT count(*) AS n FROM ${table(collection)} ${clause.sql}`).get(...clause.params) as { n: number }).n;
  }
}

/** A document as a transaction holds it: read once, written once at the end, whatever happens between. */
interface Held {
  doc: ReadModelDocument | undefined;
  dirty: boolean;
}

/**
 * One projection's batch. Documents it reads or writes are held in memory and each written once,
 * when the batch commits (a case's ten events in a batch cost one write of its document, not ten);
 * queries inside the transaction see the writes made so far.
 */
class SqliteTransaction extends SqliteReader implements ReadModelTransaction {
  readonly #projection: string;
  readonly #held = new Map<string, Map<string, Held>>();
  readonly #cache: DocumentCache;
  /** What this transaction wrote, to take out of the cache if it is rolled back. */
  readonly #written: Array<[collection: string, id: string]> = [];
  constructor(db: DatabaseSync, projection: string, cache: DocumentCache) {
    super(db);
    this.#projection = projection;
    this.#cache = cache;
  }
  #collection(collection: string): Map<string, Held> {
    let held = this.#held.get(collection);
    if (!held) this.#held.set(collection, (held = new Map()));
    return held;
  }
  override async get<T extends ReadModelDocument>(collection: string, id: string): Promise<T | undefined> {
    const held = this.#collection(collection);
    let entry = held.get(id);
    if (!entry) {
      const cached = this.#cache.get(collection, id);
      held.set(id, (entry = { doc: cached.hit ? cached.doc : await super.get<T>(collection, id), dirty: false }));
    }
    return entry.doc as T | undefined;
  }
  override async find<T extends ReadModelDocument>(collection: string, query: Query = {}): Promise<T[]> {
    this.flush();
    return super.find<T>(collection, query);
  }
  override async count(collection: string, where?: Where): Promise<number> {
    this.flush();
    return super.count(collection, where);
  }
  async put<T extends ReadModelDocument>(collection: string, document: T): Promise<void> {
    this.#collection(collection).set(document.id, { doc: document, dirty: true });
  }
  async delete(collection: string, id: string): Promise<void> {
    this.#collection(collection).set(id, { doc: undefined, dirty: true });
  }
  /** Writes what changed since the last flush: once per document. */
  flush(): void {
    for (const [collection, held] of this.#held) {
      for (const [id, entry] of held) {
        if (!entry.dirty) continue;
        if (entry.doc) {
          statement(this.db, `INSERT INTO ${table(collection)} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`).run(id, JSON.stringify(entry.doc));
        } else {
          statement(this.db, `DELETE FROM ${table(collection)} WHERE id = ?`).run(id);
        }
        entry.dirty = false;
        // The writer's view: later transactions of the same commit see it; a rollback takes it back.
        this.#cache.set(collection, id, entry.doc);
        this.#written.push([collection, id]);
      }
    }
  }

  /** Rolled back: the cache forgets what this transaction wrote. */
  rolledBack(): void {
    for (const [collection, id] of this.#written) this.#cache.forget(collection, id);
  }
  async streamVersion(streamKey: string): Promise<number> {
    return streamVersionOf(this.db, this.#projection, streamKey);
  }
  async setStreamVersion(streamKey: string, version: number): Promise<void> {
    statement(this.db, `INSERT INTO projection_streams (projection, stream_key, version) VALUES (?, ?, ?)
                ON CONFLICT (projection, stream_key) DO UPDATE SET version = excluded.version`)
      .run(this.#projection, streamKey, version);
  }
  async setCheckpoint(position: number): Promise<void> {
    statement(this.db, `INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?)
                ON CONFLICT (projection) DO UPDATE SET position = excluded.position`)
      .run(this.#projection, position);
  }
}

function streamVersionOf(db: DatabaseSync, projection: string, streamKey: string): number {
  const row = statement(db, 'SELECT version FROM projection_streams WHERE projection = ? AND stream_key = ?')
    .get(projection, streamKey) as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Work on the writer connection, waiting for its group's commit. */
interface PendingUpdate {
  readonly work: () => Promise<{ value: unknown; rolledBack?: () => void }>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** How many documents a store keeps parsed in memory for its projections' next batches. */
const DOCUMENTS_KEPT = 5000;

/** The most updates one commit carries. */
const MAX_UPDATES_PER_COMMIT = 64;

/**
 * The least time between two commits of a file: updates arriving meanwhile wait and share the
 * next one, so under load a hot page (a checkpoint, an index leaf) is written once per interval
 * rather than once per batch. Idle, an update commits on the next turn of the event loop.
 */
const COMMIT_SPACING_MS = 10;

/**
 * How a read-model file's commits reach the disk. "synced": each commit (FULL); needed where the
 * consumer positions of bus-fed projections are kept by the bus (Kafka), which commits them right
 * after the read model. "replayed": not each commit (NORMAL); a power loss may take the last
 * commits, never a part of one, and since a projection's progress (its checkpoint, the stream
 * versions, its bus positions) is written in the same commits, it resumes where its data ends and
 * replays the rest. docs/architecture.md, "The commit path".
 */
export type ReadModelDurability = 'synced' | 'replayed';

/**
 * Read models in one SQLite file per service: a table per collection holding JSON documents, with
 * expression indexes on the queried fields. Writes go through one connection, one transaction at a
 * time; queries use a second connection, so WAL snapshot isolation hides uncommitted writes from
 * them.
 */
export class SqliteReadModelStore extends SqliteReader implements ReadModelStore {
  /** One process owns the file (an exclusive lock). */
  readonly sharedBetweenProcesses = false;
  readonly #writer: DatabaseSync;
  readonly #pending: PendingUpdate[] = [];
  #draining = false;
  #lastCommitAt = 0;
  readonly #documents = new DocumentCache(DOCUMENTS_KEPT);

  constructor(path: string, options: { durability: ReadModelDurability } = { durability: 'synced' }) {
    const synchronous = options.durability === 'synced' ? 'FULL' : 'NORMAL';
    const writer = openSqlite(path, { synchronous, exclusive: false, schema: { version: 1, sql: PROGRESS_SCHEMA } });
    super(openSqlite(path, { synchronous, exclusive: false }));
    this.#writer = writer;
  }

  /** Through the write queue, so DDL never lands inside another projection's open transaction. */
  define(collections: readonly CollectionSpec[]): Promise<void> {
    return this.#enqueue(async () => ({ value: this.#define(collections) }));
  }

  #define(collections: readonly CollectionSpec[]): void {
    for (const spec of collections) {
      const name = table(spec.name);
      this.#writer.exec(`CREATE TABLE IF NOT EXISTS ${name} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      for (const fields of spec.indexes ?? []) {
        const indexName = `${name}__${fields.join('__').replaceAll('.', '_')}`;
        this.#writer.exec(`CREATE INDEX IF NOT EXISTS ${indexName} ON ${name} (${fields.map(fieldExpression).join(', ')})`);
      }
    }
  }

  /**
   * Runs `work` in a transaction. Updates queued together (the projections of one service woken by
   * one write) share one commit, each in a savepoint of its own: one that fails is rolled back
   * alone. Each resolves once the commit is done, so a reader never sees what a projection reports
   * as applied before it is.
   */
  update<T>(projection: string, work: (tx: ReadModelTransaction) => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      const tx = new SqliteTransaction(this.#writer, projection, this.#documents);
      try {
        const result = await work(tx);
        tx.flush();
        return { value: result, rolledBack: () => tx.rolledBack() };
      } catch (error) {
        tx.rolledBack();
        throw error;
      }
    });
  }

  /** Queues writer work; the queue is worked off group by group, one transaction per group. */
  #enqueue<T>(work: () => Promise<{ value: T; rolledBack?: () => void }>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#pending.length) {
        // Work queued in this turn of the event loop, or until the spacing is over, joins the same commit.
        const wait = this.#lastCommitAt + COMMIT_SPACING_MS - performance.now();
        await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
        await this.#commitGroup(this.#pending.splice(0, MAX_UPDATES_PER_COMMIT));
        this.#lastCommitAt = performance.now();
      }
    } finally {
      this.#draining = false;
    }
  }

  async #commitGroup(group: readonly PendingUpdate[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: { value: unknown; rolledBack?: () => void } } | { ok: false; error: unknown }> = [];
    try {
      this.#writer.exec('BEGIN IMMEDIATE');
      for (const pending of group) {
        this.#writer.exec('SAVEPOINT projection_update');
        try {
          outcomes.push({ ok: true, value: await pending.work() });
          this.#writer.exec('RELEASE projection_update');
        } catch (error) {
          this.#writer.exec('ROLLBACK TO projection_update');
          this.#writer.exec('RELEASE projection_update');
          outcomes.push({ ok: false, error });
        }
      }
      this.#writer.exec('COMMIT');
      crashPoint('read-models:committed');
    } catch (error) {
      if (this.#writer.isTransaction) this.#writer.exec('ROLLBACK');
      for (const outcome of outcomes) if (outcome.ok) outcome.value.rolledBack?.();
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value.value);
      else pending.reject(outcome.error);
    });
  }

  async checkpoint(projection: string): Promise<number> {
    const row = statement(this.db, 'SELECT position FROM projection_checkpoints WHERE projection = ?').get(projection) as
      | { position: number }
      | undefined;
    return row?.position ?? 0;
  }

  async streamVersion(projection: string, streamKey: string): Promise<number> {
    return streamVersionOf(this.db, projection, streamKey);
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    await this.update(projection, async () => {
      for (const collection of collections) {
        this.#writer.exec(`DELETE FROM ${table(collection)}`);
        this.#documents.forgetCollection(collection);
      }
      statement(this.#writer, 'DELETE FROM projection_streams WHERE projection = ?').run(projection);
      statement(this.#writer, 'DELETE FROM projection_checkpoints WHERE projection = ?').run(projection);
    });
  }

  async close(): Promise<void> {
    while (this.#pending.length || this.#draining) await new Promise((resolve) => setImmediate(resolve));
    for (const db of [this.db, this.#writer]) if (db.isOpen) db.close();
  }
}
