import type { Connection } from 'mongoose';
import { inMongo, isDuplicateKey } from '../mongo/connect-mongo.ts';
import { LEASES_COLLECTION } from '../mongo/fence-in-mongo.ts';
import type { Lease, LeaseStore } from './lease-store.ts';

interface LeaseDocument {
  _id: string;
  holder: string;
  token: number;
  renewedAt: Date;
  expiresAt: Date;
}

/** Whether the stored lease has not run out yet, by the server's clock. */
const UNEXPIRED = { $gt: ['$expiresAt', '$$NOW'] };

/**
 * Leases in a MongoDB collection, one document per name, timed by the server's clock ($$NOW, one
 * value for the whole operation) so that replicas with skewed clocks agree on expiry. Writes use
 * the connection's majority write concern, so a lease taken is not lost to a failover.
 */
export class MongoLeaseStore implements LeaseStore {
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /**
   * One findOneAndUpdate: the filter matches a lease this holder may take (its own, or expired),
   * or none, and then the upsert inserts it. When another holder's unexpired lease stands, the
   * filter misses it and the insert hits its _id (E11000): someone else holds it. Two first
   * takers racing end the same way, one insert winning.
   */
  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    try {
      const taken = await inMongo(() => this.#leases().findOneAndUpdate(
        { _id: name, $or: [{ holder }, { $expr: { $not: [UNEXPIRED] } }] },
        // An update pipeline: every expression of the $set reads the stored document, before it.
        [
          {
            $set: {
              token: { $cond: [{ $and: [{ $eq: ['$holder', { $literal: holder }] }, UNEXPIRED] }, '$token', { $add: [{ $ifNull: ['$token', 0] }, 1] }] },
              // $literal: a holder's name must never be read as a field path or an operator.
              holder: { $literal: holder },
              renewedAt: '$$NOW',
              expiresAt: { $add: ['$$NOW', ttlMs] },
            },
          },
        ],
        { upsert: true, returnDocument: 'after' },
      ));
      return leaseOf(taken);
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  async release(name: string, holder: string, token: number): Promise<void> {
    await inMongo(() => this.#leases().updateOne({ _id: name, holder, token }, [{ $set: { expiresAt: { $min: ['$expiresAt', '$$NOW'] } } }]));
  }

  async current(name: string): Promise<Lease | undefined> {
    return leaseOf(await inMongo(() => this.#leases().findOne({ _id: name })));
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  #leases() {
    return this.#connection.db!.collection<LeaseDocument>(LEASES_COLLECTION);
  }
}

function leaseOf(document: LeaseDocument | null): Lease | undefined {
  return document ? { name: document._id, holder: document.holder, token: document.token, expiresAt: document.expiresAt.getTime() } : undefined;
}
