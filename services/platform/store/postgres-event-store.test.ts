import { fileURLToPath } from 'node:url';
import { afterAll, describe } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { connectPostgres } from '../postgres/connect-postgres.ts';
import { eventStoreContract } from './event-store.contract.ts';
import { PostgresEventStore } from './postgres-event-store.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('EventStore contract on PostgreSQL');
afterAll(() => server?.stop());
/** Named stores and the crash test's store are databases of their own, opened again by URL. */
const named = new Map<string, string>();
const crashUrl = await server?.newDatabase();

describe.skipIf(!server)('PostgreSQL', () => {
  eventStoreContract('PostgreSQL (pg)', {
    open: async (options) => PostgresEventStore.open('test', await connectPostgres(await server!.newDatabase(), 'test'), options),
    openNamed: async (name, options) => {
      if (!named.has(name)) named.set(name, await server!.newDatabase());
      return PostgresEventStore.open('test', await connectPostgres(named.get(name)!, 'test'), options);
    },
    crash: {
      spawnWriter: (firstBatch) => ({
        command: process.execPath,
        args: [fileURLToPath(new URL('../testing/append-loop.ts', import.meta.url)), crashUrl!, String(firstBatch)],
      }),
      reopen: async () => PostgresEventStore.open('durability', await connectPostgres(crashUrl!, 'durability')),
    },
  });
});
