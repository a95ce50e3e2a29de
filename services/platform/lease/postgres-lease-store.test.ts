import { afterAll, describe } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { connectPostgres } from '../postgres/connect-postgres.ts';
import { leaseStoreContract } from './lease-store.contract.ts';
import { PostgresLeaseStore } from './postgres-lease-store.ts';

// Without PG_URL or an installed PostgreSQL server, postgresForTests prints why and the suite's tests are skipped.
const server = await postgresForTests('LeaseStore contract on PostgreSQL');
afterAll(() => server?.stop());

describe.skipIf(!server)('PostgreSQL', () => {
  let url = '';
  const openOn = async (databaseUrl: string) => PostgresLeaseStore.open(await connectPostgres(databaseUrl, 'leases_test'));
  leaseStoreContract('PostgreSQL (pg), two pools on one database', {
    open: async () => openOn((url = await server!.newDatabase())),
    openAnother: async () => openOn(url),
  });
});
