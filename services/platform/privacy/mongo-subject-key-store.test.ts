import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { MongoSubjectKeyStore } from './mongo-subject-key-store.ts';
import { subjectKeyStoreContract } from './subject-key-store.contract.ts';

// Without MONGO_URL or Docker, mongoForTests prints why and the suite's tests are skipped.
const mongo = await mongoForTests('SubjectKeyStore contract on MongoDB');
afterAll(() => mongo?.stop());

describe.skipIf(!mongo)('MongoDB', () => {
  let dbName = '';
  subjectKeyStoreContract('MongoDB (mongoose)', {
    open: async () => {
      const connected = await mongo!.connect();
      dbName = connected.dbName;
      return new MongoSubjectKeyStore(connected.connection);
    },
    reopen: async () => new MongoSubjectKeyStore((await mongo!.connect(dbName)).connection),
  });
});
