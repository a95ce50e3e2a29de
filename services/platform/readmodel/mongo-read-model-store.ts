import type { ClientSession, Connection } from 'mongoose';
import { inMongo } from '../mongo/connect-mongo.ts';
import { fenceInMongo } from '../mongo/fence-in-mongo.ts';
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

/** A stored document: the read model's document under `doc`, its id as `_id`. */
interface Stored {
  _id: string;
  doc: ReadModelDocument;
}

const collectionName = (collection: string) => {
  assertCollectionName(collection);
  return `rm_${collection}`;
};

const fieldOf = (path: string) => {
  assertFieldPath(path);
  return path === 'id' ? '_id' : `doc.${path}`;
};

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function conditionOf(condition: Condition): unknown {
  if (condition === null || typeof condition !== 'object') return condition;
  if ('in' in condition) return { $in: condition.in };
  if ('prefix' in condition) return { $regex: `^${escapeRegex(condition.prefix)}` };
  if (isRange(condition)) {
    const operators = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;
    return Object.fromEntries(Object.entries(operators).filter(([key]) => condition[key as keyof typeof operators] !== undefined).map(([key, operator]) => [operator, condition[key as keyof typeof operators]]));
  }
  return condition;
}

const filterOf = (where: Where | undefined) => Object.fromEntries(Object.entries(where ?? {}).map(([path, condition]) => [fieldOf(path), conditionOf(condition)]));

/** Sort keys, then the id, so pages are stable (as the port promises). */
const sortOf = (query: Query): Record<string, 1 | -1> => ({
  ...Object.fromEntries((query.orderBy ?? []).map(([path, direction]) => [fieldOf(path), direction === 'desc' ? -1 : 1])),
  _id: 1,
});

class MongoReader implements ReadModelReader {
  protected readonly connection: Connection;
  protected readonly session: ClientSession | undefined;
  constructor(connection: Connection, session?: ClientSession) {
    this.connection = connection;
    this.session = session;
  }
  protected collection(name: string) {
    return this.connection.db!.collection<Stored>(collectionName(name));
  }
  async get<T extends ReadModelDocument>(collection: string, id: string): Promise<T | undefined> {
    const found = await this.read(() => this.collection(collection).findOne({ _id: id }, { session: this.session }));
    return (found?.doc as T | undefined) ?? undefined;
  }
  async find<T extends ReadModelDocument>(collection: string, query: Query = {}): Promise<T[]> {
    const documents = await this.read(() => {
      let cursor = this.collection(collection).find(filterOf(query.where), { session: this.session }).sort(sortOf(query));
      if (query.offset) cursor = cursor.skip(query.offset);
      if (query.limit !== undefined) cursor = cursor.limit(query.limit);
      return cursor.toArray();
    });
    return documents.map((stored) => stored.doc as T);
  }
  async count(collection: string, where?: Where): Promise<number> {
    return this.read(() => this.collection(collection).countDocuments(filterOf(where), { session: this.session }));
  }
  /** Outside a transaction a read is retried on a passing fault; inside, the transaction is. */
  protected read<T>(work: () => Promise<T>): Promise<T> {
    return this.session ? work() : inMongo(work);
  }
}

class MongoTransaction extends MongoReader implements ReadModelTransaction {
  readonly #projection: string;
  readonly #holder: string | undefined;
  /** A transaction always has its session. */
  protected declare readonly session: ClientSession;
  constructor(connection: Connection, session: ClientSession, projection: string, holder: string | undefined) {
    super(connection, session);
    this.#projection = projection;
    this.#holder = holder;
  }
  async put<T extends ReadModelDocument>(collection: string, document: T): Promise<void> {
    await this.collection(collection).replaceOne({ _id: document.id }, { doc: document }, { upsert: true, session: this.session });
  }
  async delete(collection: string, id: string): Promise<void> {
    await this.collection(collection).deleteOne({ _id: id }, { session: this.session });
  }
  async streamVersion(streamKey: string): Promise<number> {
    return streamVersionOf(this.connection, this.#projection, streamKey, this.session);
  }
  /** Progress never moves backwards ($max): a replica that lags behind cannot undo another's. */
  async setStreamVersion(streamKey: string, version: number): Promise<void> {
    await progress(this.connection).updateOne(
      { _id: `${this.#projection}\u0000${streamKey}` },
      { $set: { projection: this.#projection }, $max: { version } },
      { upsert: true, session: this.session },
    );
  }
  /**
   * Fenced by the projection's lease where the store knows this replica's name (MongoReadModelStore):
   * a FencedError aborts the transaction, so the batch's documents are not written either.
   */
  async setCheckpoint(position: number): Promise<void> {
    if (this.#holder !== undefined) await fenceInMongo(this.connection, this.session, this.#projection, this.#holder);
    await checkpoints(this.connection).updateOne({ _id: this.#projection }, { $max: { position } }, { upsert: true, session: this.session });
  }
}

const progress = (connection: Connection) => connection.db!.collection<{ _id: string; projection: string; version: number }>('projection_streams');
const checkpoints = (connection: Connection) => connection.db!.collection<{ _id: string; position: number }>('projection_checkpoints');

async function streamVersionOf(connection: Connection, projection: string, streamKey: string, session?: ClientSession): Promise<number> {
  return (await progress(connection).findOne({ _id: `${projection}\u0000${streamKey}` }, { session }))?.version ?? 0;
}

/**
 * Read models on MongoDB: a collection per read-model collection ("rm_<name>"), documents under
 * `doc` with the id as `_id`, indexes declared by the projections (CollectionSpec). An update is
 * one transaction over the documents, the stream versions and the checkpoint, with majority write
 * concern, so a projection's progress never runs ahead of its data; updates of one store run one
 * after another, as the port promises (one writer per service, as on SQLite). With `holder` (this
 * replica's name among the holders of leases), a projection's checkpoint is fenced by the lease
 * named like the projection (mongo/fence-in-mongo.ts): one another replica holds refuses the whole
 * update (FencedError), documents included.
 */
export class MongoReadModelStore extends MongoReader implements ReadModelStore {
  /** Every pod of the service writes the same database. */
  readonly sharedBetweenProcesses = true;
  readonly #holder: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(connection: Connection, options: { holder?: string } = {}) {
    super(connection);
    this.#holder = options.holder;
  }

  async define(collections: readonly CollectionSpec[]): Promise<void> {
    await progress(this.connection).createIndex({ projection: 1 });
    for (const spec of collections) {
      const collection = this.collection(spec.name);
      for (const fields of spec.indexes ?? []) await collection.createIndex(Object.fromEntries(fields.map((field) => [fieldOf(field), 1])));
    }
  }

  update<T>(projection: string, work: (tx: ReadModelTransaction) => Promise<T>): Promise<T> {
    return this.#inTransaction((session) => work(new MongoTransaction(this.connection, session, projection, this.#holder)));
  }

  /**
   * Runs `work` in one transaction, after the store's earlier updates. withTransaction retries the
   * work on a transient error (a write conflict); the work only reads and writes through the
   * session, so a retry sees none of the failed attempt.
   */
  #inTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const run = async () => {
      const session = this.connection.getClient().startSession();
      try {
        let result!: T;
        await session.withTransaction(async () => {
          result = await work(session);
        });
        return result;
      } finally {
        await session.endSession();
      }
    };
    const attempt = () => inMongo(run);
    const result = this.#queue.then(attempt, attempt);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async checkpoint(projection: string): Promise<number> {
    return (await inMongo(() => checkpoints(this.connection).findOne({ _id: projection })))?.position ?? 0;
  }

  async streamVersion(projection: string, streamKey: string): Promise<number> {
    return inMongo(() => streamVersionOf(this.connection, projection, streamKey));
  }

  /**
   * Empties the collections, then deletes the projection's progress. Not one transaction: a
   * transaction is bounded (60 s, 16 MB of oplog), and a large view would never be reset. A reset
   * cut short is finished by running the rebuild again (npm run rebuild), as docs/operations.md says.
   */
  async reset(projection: string, collections: readonly string[]): Promise<void> {
    const run = async () => {
      for (const collection of collections) await inMongo(() => this.collection(collection).deleteMany({}));
      await inMongo(() => progress(this.connection).deleteMany({ projection }));
      await inMongo(() => checkpoints(this.connection).deleteOne({ _id: projection }));
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    await result;
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.connection.close();
  }
}
