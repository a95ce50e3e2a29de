import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { eventStoreContract } from './event-store.contract.ts';
import { MongoEventStore } from './mongo-event-store.ts';

const mongo = await mongoForTests('EventStore contract on MongoDB');
afterAll(() => mongo?.stop());

if (mongo) {
  eventStoreContract('MongoDB (mongoose)', {
    open: async () => MongoEventStore.open('test', (await mongo.connect()).connection),
  });
} else {
  describe.skip('EventStore contract: MongoDB (no MONGO_URL and no Docker)', () => undefined);
}
