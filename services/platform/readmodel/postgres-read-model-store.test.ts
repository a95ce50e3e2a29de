import { afterAll, describe } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { connectPostgres } from '../postgres/connect-postgres.ts';
import { readModelStoreContract } from './read-model-store.contract.ts';
import { PostgresReadModelStore } from './postgres-read-model-store.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('ReadModelStore contract on PostgreSQL');
afterAll(() => server?.stop());
let url = '';

describe.skipIf(!server)('PostgreSQL', () => {
  readModelStoreContract('PostgreSQL (pg)', {
    open: async () => PostgresReadModelStore.open(await connectPostgres((url = await server!.newDatabase()), 'test')),
    reopen: async () => PostgresReadModelStore.open(await connectPostgres(url, 'test')),
  });
});
