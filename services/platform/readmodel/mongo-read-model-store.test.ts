import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { MongoReadModelStore } from './mongo-read-model-store.ts';
import { readModelStoreContract } from './read-model-store.contract.ts';

// Without MONGO_URL or Docker, mongoForTests prints why and the suite's tests are skipped.
const mongo = await mongoForTests('ReadModelStore contract on MongoDB');
afterAll(() => mongo?.stop());

describe.skipIf(!mongo)('MongoDB', () => {
  let dbName = '';
  readModelStoreContract('MongoDB (mongoose)', {
    open: async () => {
      const connected = await mongo!.connect();
      dbName = connected.dbName;
      return new MongoReadModelStore(connected.connection);
    },
    reopen: async () => new MongoReadModelStore((await mongo!.connect(dbName)).connection),
  });
});
