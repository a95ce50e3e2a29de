import type { ClientSession, Connection } from 'mongoose';
import { FencedError } from '../domain/errors.ts';

/** The collection a service's leases are kept in (lease/mongo-lease-store.ts), beside its data. */
export const LEASES_COLLECTION = 'leases';

/** What the fence reads and writes of a lease document; the lease store owns the other fields. */
interface FencedLease {
  _id: string;
  holder: string;
  /** When a holder last wrote progress under this lease; nothing reads it. */
  fencedAt?: Date;
}

/**
 * Checks, inside the MongoDB transaction of `session`, that `holder` may write progress named
 * `name`: no lease of that name, or one it holds, allows the write (the rule of PostgreSQL's
 * fenceCondition); a lease another replica holds throws FencedError, which aborts the transaction.
 *
 * Reading the lease is not enough: MongoDB's snapshot isolation detects write-write conflicts
 * only, not read-write ones, so a transaction that only read "mine" would still commit after a
 * standby took the lease in the meantime. The holder's own lease is therefore written too, in the
 * same transaction (`fencedAt`); a takeover writes the same document, so whichever of the two
 * comes second conflicts: the takeover waits until this transaction has ended, or this
 * transaction is aborted with a write conflict (TransientTransactionError) and, tried again,
 * finds the lease is another's. The filter names the holder and only `fencedAt` is set, so the
 * touch never changes the holder, token or expiry; MongoLeaseStore's updates set only the fields
 * they name, and so keep the extra one.
 */
export async function fenceInMongo(connection: Connection, session: ClientSession, name: string, holder: string): Promise<void> {
  const leases = connection.db!.collection<FencedLease>(LEASES_COLLECTION);
  const touched = await leases.updateOne({ _id: name, holder }, { $currentDate: { fencedAt: true } }, { session });
  if (touched.matchedCount === 1) return;
  // Not this holder's: another's lease refuses the write, no lease at all allows it.
  if (await leases.findOne({ _id: name }, { session, projection: { _id: 1 } })) throw new FencedError(name);
}
