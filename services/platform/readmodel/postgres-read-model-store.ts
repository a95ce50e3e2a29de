import { FencedError } from '../domain/errors.ts';
import { type Pool, type PoolClient, fenceCondition, createIfMissing, inPostgres, inTransaction } from '../postgres/connect-postgres.ts';
import {
  type CollectionSpec,
  type Condition,
  type Query,
  type ReadModelDocument,
  type ReadModelReader,
  type ReadModelStore,
  type ReadModelTransaction,
  type Where,
  assertCollectionName,
  assertFieldPath,
  isRange,
} from './read-model-store.ts';

const PROGRESS_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS projection_checkpoints (projection text PRIMARY KEY, position bigint NOT NULL)',
  'CREATE TABLE IF NOT EXISTS projection_streams (projection text NOT NULL, stream_key text NOT NULL, version integer NOT NULL, PRIMARY KEY (projection, stream_key))',
];

const table = (collection: string) => {
  assertCollectionName(collection);
  return `rm_${collection}`;
};

/** A field as jsonb (`doc #> '{due,date}'`); `id` is the key column, compared as jsonb too. */
const fieldExpression = (path: string) => {
  assertFieldPath(path);
  return path === 'id' ? 'to_jsonb(id)' : `(doc #> '{${path.split('.').join(',')}}')`;
};

/**
 * Builds a WHERE clause over jsonb values: every value is bound as JSON text and cast, so numbers
 * compare as numbers, strings as strings (in the database's collation: create it with C, as
 * docs/operations.md says, for the byte order SQLite and MongoDB use) and booleans as booleans.
 */
class Clause {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  #value(value: unknown): string {
    this.params.push(JSON.stringify(value));
    return `$${this.params.length}::jsonb`;
  }
  add(field: string, condition: Condition): void {
    if (condition === null) {
      // A missing field and a JSON null are both null, as json_extract and MongoDB's { f: null } see them.
      this.parts.push(`COALESCE(${field}, 'null'::jsonb) = 'null'::jsonb`);
    } else if (typeof condition !== 'object') {
      this.parts.push(`${field} = ${this.#value(condition)}`);
    } else if ('in' in condition) {
      this.parts.push(condition.in.length ? `${field} IN (${condition.in.map((value) => this.#value(value)).join(', ')})` : 'false');
    } else if ('prefix' in condition) {
      // A range rather than LIKE, so a btree index on the field serves it.
      this.parts.push(`${field} >= ${this.#value(condition.prefix)} AND ${field} < ${this.#value(`${condition.prefix}\uffff`)}`);
    } else if (isRange(condition)) {
      const operators = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
      for (const [key, operator] of Object.entries(operators)) {
        const value = condition[key as keyof typeof operators];
        if (value !== undefined) this.parts.push(`${field} ${operator} ${this.#value(value)}`);
      }
    }
  }
  static of(where: Where | undefined): Clause {
    const clause = new Clause();
    for (const [path, condition] of Object.entries(where ?? {})) clause.add(fieldExpression(path), condition);
    return clause;
  }
  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

const orderClause = (query: Query) =>
  `ORDER BY ${[...(query.orderBy ?? []).map(([path, direction]) => `${fieldExpression(path)} ${direction === 'desc' ? 'DESC' : 'ASC'}`), 'id ASC'].join(', ')}`;

type Queryable = Pool | PoolClient;

class PostgresReader implements ReadModelReader {
  protected readonly on: Queryable;
  constructor(on: Queryable) {
    this.on = on;
  }
  async get<T extends ReadModelDocument>(collection: string, id: string): Promise<T | undefined> {
    const rows = await this.run<{ doc: T }>(`SELECT doc FROM ${table(collection)} WHERE id = $1`, [id]);
    return rows[0]?.doc;
  }
  async find<T extends ReadModelDocument>(collection: string, query: Query = {}): Promise<T[]> {
    const where = Clause.of(query.where);
    const limit = `LIMIT $${where.params.length + 1} OFFSET $${where.params.length + 2}`;
    const rows = await this.run<{ doc: T }>(`SELECT doc FROM ${table(collection)} ${where.sql} ${orderClause(query)} ${limit}`, [...where.params, query.limit ?? null, query.offset ?? 0]);
    return rows.map((row) => row.doc);
  }
  async count(collection: string, where?: Where): Promise<number> {
    const clause = Clause.of(where);
    const rows = await this.run<{ n: string }>(`SELECT count(*) AS n FROM ${table(collection)} ${clause.sql}`, clause.params);
    return Number(rows[0]!.n);
  }
  /** Outside a transaction a query is retried on a transient fault; inside, the transaction is. */
  protected async run<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    const query = () => this.on.query<R>(sql, params);
    return (await ('release' in this.on ? query() : inPostgres(query))).rows;
  }
}

/**
 * One projection's batch: documents it reads or writes are held and each written once at the end
 * (one statement per collection), so a case's ten events in a batch cost one write of its
 * document; queries inside the transaction see the writes made so far.
 */
class PostgresTransaction extends PostgresReader implements ReadModelTransaction {
  readonly #projection: string;
  readonly #holder: string | undefined;
  readonly #held = new Map<string, Map<string, { doc: ReadModelDocument | undefined; dirty: boolean }>>();
  constructor(client: PoolClient, projection: string, holder: string | undefined) {
    super(client);
    this.#projection = projection;
    this.#holder = holder;
  }
  #collection(collection: string) {
    let held = this.#held.get(collection);
    if (!held) this.#held.set(collection, (held = new Map()));
    return held;
  }
  override async get<T extends ReadModelDocument>(collection: string, id: string): Promise<T | undefined> {
    const held = this.#collection(collection);
    let entry = held.get(id);
    if (!entry) held.set(id, (entry = { doc: await super.get<T>(collection, id), dirty: false }));
    return entry.doc as T | undefined;
  }
  override async find<T extends ReadModelDocument>(collection: string, query: Query = {}): Promise<T[]> {
    await this.flush();
    return super.find<T>(collection, query);
  }
  override async count(collection: string, where?: Where): Promise<number> {
    await this.flush();
    return super.count(collection, where);
  }
  async put<T extends ReadModelDocument>(collection: string, document: T): Promise<void> {
    this.#collection(collection).set(document.id, { doc: document, dirty: true });
  }
  async delete(collection: string, id: string): Promise<void> {
    this.#collection(collection).set(id, { doc: undefined, dirty: true });
  }
  /** Writes what changed since the last flush: an upsert and a delete per collection at most. */
  async flush(): Promise<void> {
    for (const [collection, held] of this.#held) {
      const puts: Array<[string, string]> = [];
      const deletes: string[] = [];
      for (const [id, entry] of held) {
        if (!entry.dirty) continue;
        if (entry.doc) puts.push([id, JSON.stringify(entry.doc)]);
        else deletes.push(id);
        entry.dirty = false;
      }
      if (puts.length) {
        await this.on.query(`INSERT INTO ${table(collection)} (id, doc) SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`, [
          puts.map(([id]) => id), puts.map(([, doc]) => doc),
        ]);
      }
      if (deletes.length) await this.on.query(`DELETE FROM ${table(collection)} WHERE id = ANY($1::text[])`, [deletes]);
    }
  }
  async streamVersion(streamKey: string): Promise<number> {
    return streamVersionOf(this.on, this.#projection, streamKey);
  }
  /** Progress never moves backwards (a replica that lags behind cannot undo another's). */
  async setStreamVersion(streamKey: string, version: number): Promise<void> {
    await this.on.query(
      `INSERT INTO projection_streams (projection, stream_key, version) VALUES ($1, $2, $3)
       ON CONFLICT (projection, stream_key) DO UPDATE SET version = GREATEST(projection_streams.version, excluded.version)`,
      [this.#projection, streamKey, version],
    );
  }
  /** Fenced by the projection's lease where the store knows this replica's name (PostgresReadModelStore.open). */
  async setCheckpoint(position: number): Promise<void> {
    const fence = this.#holder === undefined ? '' : `WHERE ${fenceCondition('$1', '$3')}`;
    const written = await this.on.query(
      `INSERT INTO projection_checkpoints (projection, position) SELECT $1, $2 ${fence}
       ON CONFLICT (projection) DO UPDATE SET position = GREATEST(projection_checkpoints.position, excluded.position)`,
      this.#holder === undefined ? [this.#projection, position] : [this.#projection, position, this.#holder],
    );
    if (written.rowCount === 0) throw new FencedError(this.#projection);
  }
}

async function streamVersionOf(on: Queryable, projection: string, streamKey: string): Promise<number> {
  const rows = await on.query<{ version: number }>('SELECT version FROM projection_streams WHERE projection = $1 AND stream_key = $2', [projection, streamKey]);
  return rows.rows[0]?.version ?? 0;
}

/**
 * Read models on PostgreSQL, in the service's schema: a table per collection holding jsonb
 * documents, with expression indexes on the queried fields. An update is one REPEATABLE READ
 * transaction over documents, stream versions and checkpoint: replicas of a service writing the
 * same document at once (Kafka partitions of one topic, owned by different pods) cannot lose an
 * update, the later one fails to serialize and its whole batch is tried again on what the other
 * wrote. Updates of one process run one after another, as the port promises.
 */
export class PostgresReadModelStore extends PostgresReader implements ReadModelStore {
  readonly sharedBetweenProcesses = true;
  readonly #pool: Pool;
  readonly #holder: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(pool: Pool, holder: string | undefined) {
    super(pool);
    this.#pool = pool;
    this.#holder = holder;
  }

  /**
   * Opens the read models on `pool`'s schema. With `holder` (this replica's name among the holders
   * of leases), a projection's checkpoint is fenced by the lease named like the projection: one
   * another replica holds refuses the whole update (FencedError).
   */
  static async open(pool: Pool, options: { holder?: string } = {}): Promise<PostgresReadModelStore> {
    await createIfMissing(pool, PROGRESS_SCHEMA);
    return new PostgresReadModelStore(pool, options.holder);
  }

  async define(collections: readonly CollectionSpec[]): Promise<void> {
    for (const spec of collections) {
      const name = table(spec.name);
      const indexes = (spec.indexes ?? []).map((fields) => {
        const indexName = `${name}__${fields.join('__').replaceAll('.', '_')}`.slice(0, 63);
        return `CREATE INDEX IF NOT EXISTS ${indexName} ON ${name} (${fields.map(fieldExpression).join(', ')})`;
      });
      await createIfMissing(this.#pool, [`CREATE TABLE IF NOT EXISTS ${name} (id text PRIMARY KEY, doc jsonb NOT NULL)`, ...indexes]);
    }
  }

  update<T>(projection: string, work: (tx: ReadModelTransaction) => Promise<T>): Promise<T> {
    return this.#serially(() =>
      inTransaction(
        this.#pool,
        async (client) => {
          const tx = new PostgresTransaction(client, projection, this.#holder);
          const result = await work(tx);
          await tx.flush();
          return result;
        },
        'REPEATABLE READ',
      ),
    );
  }

  #serially<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async checkpoint(projection: string): Promise<number> {
    const rows = await this.run<{ position: string }>('SELECT position FROM projection_checkpoints WHERE projection = $1', [projection]);
    return Number(rows[0]?.position ?? 0);
  }

  async streamVersion(projection: string, streamKey: string): Promise<number> {
    return inPostgres(() => streamVersionOf(this.#pool, projection, streamKey));
  }

  /**
   * Deletes the collections' documents and the projection's progress in one transaction. TRUNCATE
   * rather than DELETE: it frees a large view at once instead of writing a tombstone per row.
   */
  async reset(projection: string, collections: readonly string[]): Promise<void> {
    await this.#serially(() =>
      inTransaction(this.#pool, async (client) => {
        for (const collection of collections) await client.query(`TRUNCATE ${table(collection)}`);
        await client.query('DELETE FROM projection_streams WHERE projection = $1', [projection]);
        await client.query('DELETE FROM projection_checkpoints WHERE projection = $1', [projection]);
      }),
    );
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#pool.end();
  }
}
