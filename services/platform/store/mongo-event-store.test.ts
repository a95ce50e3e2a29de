import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { eventStoreContract } from './event-store.contract.ts';
import { MongoEventStore } from './mongo-event-store.ts';

// Without MONGO_URL or Docker, mongoForTests prints why and the suite's tests are skipped.
const mongo = await mongoForTests('EventStore contract on MongoDB');
afterAll(() => mongo?.stop());

describe.skipIf(!mongo)('MongoDB', () => {
  eventStoreContract('MongoDB (mongoose)', {
    open: async () => MongoEventStore.open('test', (await mongo!.connect()).connection),
  });
});
