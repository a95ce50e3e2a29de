import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { MongoSequenceStore } from './mongo-sequence-store.ts';
import { sequenceStoreContract } from './sequence-store.contract.ts';

// Without MONGO_URL or Docker, mongoForTests prints why and the suite's tests are skipped.
const mongo = await mongoForTests('SequenceStore contract on MongoDB');
afterAll(() => mongo?.stop());

describe.skipIf(!mongo)('MongoDB', () => {
  let dbName = '';
  sequenceStoreContract('MongoDB (mongoose)', {
    open: async () => {
      const connected = await mongo!.connect();
      dbName = connected.dbName;
      return new MongoSequenceStore(connected.connection);
    },
    reopen: async () => new MongoSequenceStore((await mongo!.connect(dbName)).connection),
  });
});
