import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { openSqlite, statement } from '../sqlite/open-sqlite.ts';
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

class SqliteTransaction extends SqliteReader implements ReadModelTransaction {
  readonly #projection: string;
  constructor(db: DatabaseSync, projection: string) {
    super(db);
    this.#projection = projection;
  }
  async put<T extends ReadModelDocument>(collection: string, document: T): Promise<void> {
    statement(this.db, `INSERT INTO ${table(collection)} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`)
      .run(document.id, JSON.stringify(document));
  }
  async delete(collection: string, id: string): Promise<void> {
    statement(this.db, `DELETE FROM ${table(collection)} WHERE id = ?`).run(id);
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

/**
 * Read models in one SQLite file per service: a table per collection holding JSON documents, with
 * expression indexes on the queried fields. Writes go through one connection, one transaction at a
 * time; queries use a second connection, so WAL snapshot isolation hides uncommitted writes from
 * them. Commits are synced (synchronous FULL): a bus-fed projection's consumer offset is committed
 * on the bus right after the read model, so a read-model commit that a power cut could undo would
 * leave events that are never delivered again.
 */
export class SqliteReadModelStore extends SqliteReader implements ReadModelStore {
  /** One process owns the file (an exclusive lock). */
  readonly sharedBetweenProcesses = false;
  readonly #writer: DatabaseSync;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    const writer = openSqlite(path, { synchronous: 'FULL', exclusive: false, schema: { version: 1, sql: PROGRESS_SCHEMA } });
    super(openSqlite(path, { synchronous: 'FULL', exclusive: false }));
    this.#writer = writer;
  }

  /** Through the write queue, so DDL never lands inside another projection's open transaction. */
  define(collections: readonly CollectionSpec[]): Promise<void> {
    return this.#enqueue(async () => this.#define(collections));
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

  update<T>(projection: string, work: (tx: ReadModelTransaction) => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      this.#writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(new SqliteTransaction(this.#writer, projection));
        this.#writer.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.#writer.isTransaction) this.#writer.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Runs writer work one piece at a time: the connection has one transaction at most. */
  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => undefined);
    return result;
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
      for (const collection of collections) this.#writer.exec(`DELETE FROM ${table(collection)}`);
      statement(this.#writer, 'DELETE FROM projection_streams WHERE projection = ?').run(projection);
      statement(this.#writer, 'DELETE FROM projection_checkpoints WHERE projection = ?').run(projection);
    });
  }

  async close(): Promise<void> {
    await this.#queue;
    for (const db of [this.db, this.#writer]) if (db.isOpen) db.close();
  }
}
