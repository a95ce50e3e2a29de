import { afterAll, describe } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { fencingContract } from '../lease/fencing.contract.ts';
import { PostgresLeaseStore } from '../lease/postgres-lease-store.ts';
import { PostgresReadModelStore } from '../readmodel/postgres-read-model-store.ts';
import { PostgresEventStore } from '../store/postgres-event-store.ts';
import { connectPostgres } from './connect-postgres.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('fencing of checkpoints on PostgreSQL');
afterAll(() => server?.stop());

describe.skipIf(!server)('PostgreSQL', () => {
  fencingContract('PostgreSQL (pg), a pool per store on one schema', {
    open: async () => {
      const url = await server!.newDatabase();
      // The leases table first: the stores' fence reads it.
      const leases = await PostgresLeaseStore.open(await connectPostgres(url, 'svc'));
      return {
        leases,
        replica: async (holder: string) => ({
          store: await PostgresEventStore.open('svc', await connectPostgres(url, 'svc'), { holder }),
          readModels: await PostgresReadModelStore.open(await connectPostgres(url, 'svc'), { holder }),
        }),
      };
    },
  });
});
