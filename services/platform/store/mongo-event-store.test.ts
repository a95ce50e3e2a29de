import { randomUUID } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { mongoForTests } from '../../../test/support/mongo-suite.ts';
import { eventStoreContract } from './event-store.contract.ts';
import { MongoEventStore } from './mongo-event-store.ts';

// Without MONGO_URL or Docker, mongoForTests prints why and the suite's tests are skipped.
const mongo = await mongoForTests('EventStore contract on MongoDB');
/** Named stores are databases of this run's own. */
const run = randomUUID().slice(0, 8);
afterAll(() => mongo?.stop());

describe.skipIf(!mongo)('MongoDB', () => {
  eventStoreContract('MongoDB (mongoose)', {
    open: async (options) => MongoEventStore.open('test', (await mongo!.connect()).connection, options),
    openNamed: async (name, options) => MongoEventStore.open('test', (await mongo!.connect(`ow_test_${run}_${name}`)).connection, options),
  });
});
