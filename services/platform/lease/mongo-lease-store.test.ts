import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { leaseStoreContract } from './lease-store.contract.ts';
import { MongoLeaseStore } from './mongo-lease-store.ts';

// Without MONGO_URL or Docker, mongoForTests prints why and the suite's tests are skipped.
const mongo = await mongoForTests('LeaseStore contract on MongoDB');
afterAll(() => mongo?.stop());

describe.skipIf(!mongo)('MongoDB', () => {
  let dbName = '';
  leaseStoreContract('MongoDB (mongoose), two connections on one database', {
    open: async () => {
      const connected = await mongo!.connect();
      dbName = connected.dbName;
      return new MongoLeaseStore(connected.connection);
    },
    openAnother: async () => new MongoLeaseStore((await mongo!.connect(dbName)).connection),
  });
});
