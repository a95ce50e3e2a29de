import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../domain/errors.ts';
import { duplicateKeyPattern, inMongo, isTransientMongoFault } from './connect-mongo.ts';

/** The driver's own error classes, built as it builds them from a server's answer (no server here). */
describe('MongoDB faults', () => {
  it('takes a failover, a lost connection and a write conflict for passing faults, and a refused write for none', () => {
    expect(isTransientMongoFault(new MongoServerError({ code: 10107, errmsg: 'not primary' }))).toBe(true);
    expect(isTransientMongoFault(new MongoServerError({ code: 189, errmsg: 'primary stepped down' }))).toBe(true);
    expect(isTransientMongoFault(new MongoNetworkError('connection reset'))).toBe(true);
    expect(isTransientMongoFault(new MongoServerError({ code: 112, errmsg: 'write conflict', errorLabels: ['TransientTransactionError'] }))).toBe(true);
    expect(isTransientMongoFault(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(false);
    expect(isTransientMongoFault(new TypeError('a bug'))).toBe(false);
  });

  it('answers a fault that outlasts its retries as UNAVAILABLE, and passes a refused write through unchanged', async () => {
    let attempts = 0;
    const failover = inMongo(async () => {
      attempts += 1;
      throw new MongoServerError({ code: 10107, errmsg: 'not primary' });
    });
    await expect(failover).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(attempts).toBe(4);
    const refused = new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' });
    await expect(inMongo(async () => Promise.reject(refused))).rejects.toBe(refused);
  });

  it('reads the index a duplicate key names on an insertMany error as on a single write', () => {
    const single = Object.assign(new MongoServerError({ code: 11000, errmsg: 'E11000' }), { keyPattern: { eventId: 1 } });
    expect(duplicateKeyPattern(single)).toEqual({ eventId: 1 });
    const bulk = new MongoBulkWriteError(
      { message: 'E11000', code: 11000, writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000', errInfo: {}, keyPattern: { streamId: 1, version: 1 } }] } as never,
      { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, upsertedIds: {}, insertedIds: {} } as never,
    );
    expect(bulk.code).toBe(11000);
    expect(duplicateKeyPattern(bulk)).toEqual({ streamId: 1, version: 1 });
  });
});
