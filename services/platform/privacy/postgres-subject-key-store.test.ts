import { afterAll, describe } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { connectPostgres } from '../postgres/connect-postgres.ts';
import { subjectKeyStoreContract } from './subject-key-store.contract.ts';
import { PostgresSubjectKeyStore } from './postgres-subject-key-store.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('SubjectKeyStore contract on PostgreSQL');
afterAll(() => server?.stop());
let url = '';

describe.skipIf(!server)('PostgreSQL', () => {
  subjectKeyStoreContract('PostgreSQL (pg)', {
    open: async () => PostgresSubjectKeyStore.open(await connectPostgres((url = await server!.newDatabase()), 'test')),
    reopen: async () => PostgresSubjectKeyStore.open(await connectPostgres(url, 'test')),
  });
});
