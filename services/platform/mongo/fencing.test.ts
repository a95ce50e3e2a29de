import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { fencingContract } from '../lease/fencing.contract.ts';
import { MongoLeaseStore } from '../lease/mongo-lease-store.ts';
import { MongoReadModelStore } from '../readmodel/mongo-read-model-store.ts';
import { MongoEventStore } from '../store/mongo-event-store.ts';

// Without MONGO_URL or Docker, mongoForTests prints why and the suite's tests are skipped.
const mongo = await mongoForTests('fencing of checkpoints on MongoDB');
afterAll(() => mongo?.stop());

describe.skipIf(!mongo)('MongoDB', () => {
  fencingContract('MongoDB (mongoose), a connection per store on one database', {
    open: async () => {
      const { connection, dbName } = await mongo!.connect();
      const leases = new MongoLeaseStore(connection);
      // A connection per store: each declares its models on its own, and closes its own.
      const connect = async () => (await mongo!.connect(dbName)).connection;
      return {
        leases,
        replica: async (holder: string) => ({
          store: await MongoEventStore.open('svc', await connect(), { holder }),
          readModels: new MongoReadModelStore(await connect(), { holder }),
        }),
      };
    },
  });
});
