import type { Connection } from 'mongoose';
import { inMongo } from '../mongo/connect-mongo.ts';
import type { SequenceStore } from './sequence-store.ts';

/**
 * Named counters on MongoDB: one atomic $inc per number (findOneAndUpdate, majority write concern),
 * so processes sharing the database never hand out a number twice.
 */
export class MongoSequenceStore implements SequenceStore {
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** Tried again after a passing fault: a number whose answer was lost is skipped (a gap), never handed out twice. */
  async next(name: string): Promise<number> {
    const counter = await inMongo(() =>
      this.#connection.db!.collection<{ _id: string; value: number }>('sequences').findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' }),
    );
    return counter?.value ?? 1;
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }
}
