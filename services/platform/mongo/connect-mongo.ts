import mongoose, { type Connection } from 'mongoose';

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
