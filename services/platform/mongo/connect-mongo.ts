import mongoose, { type Connection } from 'mongoose';
import { retryStoreWork } from '../async/retry-store-work.ts';

/**
 * A mongoose connection to one service's database. Writes are acknowledged by a majority of the
 * replica set and reads see only majority-committed data, so nothing acknowledged is lost to a
 * failover and nothing read can be rolled back. Transactions need a replica set (a single-node one
 * is enough).
 */
export async function connectMongo(url: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(url, {
    dbName,
    writeConcern: { w: 'majority', journal: true },
    readConcern: { level: 'majority' },
    // A field set to undefined is left out, as JSON (and so the SQLite adapters) leaves it out;
    // stored as null it would come back as null and break code that expects it absent.
    ignoreUndefined: true,
    // Tests and operators see a missing server in seconds, not after the driver's 30 s.
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  return connection;
}

/** MongoDB's duplicate-key error: a unique index refused a write. */
export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/**
 * The index a duplicate-key error names: on the error itself, or, for insertMany (a bulk write
 * error), on its first write error; a check of the top level alone misreads a bulk insert's.
 */
export function duplicateKeyPattern(error: unknown): Record<string, unknown> | undefined {
  const direct = (error as { keyPattern?: Record<string, unknown> }).keyPattern;
  const first = (error as { writeErrors?: Array<{ err?: { keyPattern?: Record<string, unknown> }; keyPattern?: Record<string, unknown> }> }).writeErrors?.[0];
  return direct ?? first?.err?.keyPattern ?? first?.keyPattern;
}

/**
 * Server codes after which the same work may succeed when tried again: a primary stepping down or
 * shutting down, a node that is not (or no longer) primary, a network or host failure, a write
 * conflict or an aborted transaction (MongoDB's error codes).
 */
const TRANSIENT_CODES = new Set([6, 7, 89, 91, 112, 189, 251, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/** Whether a MongoDB failure is the store's passing fault (the driver labels most of them). */
export function isTransientMongoFault(error: unknown): boolean {
  const labels = (error as { errorLabels?: unknown }).errorLabels;
  const labelled = labels instanceof Set ? labels : new Set(Array.isArray(labels) ? labels : []);
  if (labelled.has('TransientTransactionError') || labelled.has('RetryableWriteError') || labelled.has('ResetPool')) return true;
  const name = (error as { name?: string }).name ?? '';
  if (/^Mongo(Network|NetworkTimeout|ServerSelection|PoolCleared|NotConnected)Error$/.test(name)) return true;
  return TRANSIENT_CODES.has((error as { code?: number }).code ?? -1);
}

/** Runs MongoDB work, retried on a passing fault and then answered UNAVAILABLE (async/retry-store-work.ts). */
export function inMongo<T>(work: () => Promise<T>): Promise<T> {
  return retryStoreWork(work, isTransientMongoFault);
}
