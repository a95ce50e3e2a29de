import { afterAll, describe } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { connectPostgres } from '../postgres/connect-postgres.ts';
import { sequenceStoreContract } from './sequence-store.contract.ts';
import { PostgresSequenceStore } from './postgres-sequence-store.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('SequenceStore contract on PostgreSQL');
afterAll(() => server?.stop());
let url = '';

describe.skipIf(!server)('PostgreSQL', () => {
  sequenceStoreContract('PostgreSQL (pg)', {
    open: async () => PostgresSequenceStore.open(await connectPostgres((url = await server!.newDatabase()), 'test')),
    reopen: async () => PostgresSequenceStore.open(await connectPostgres(url, 'test')),
  });
});
