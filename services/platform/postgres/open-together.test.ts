import { afterAll, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { PostgresLeaseStore } from '../lease/postgres-lease-store.ts';
import { PostgresSubjectKeyStore } from '../privacy/postgres-subject-key-store.ts';
import { PostgresReadModelStore } from '../readmodel/postgres-read-model-store.ts';
import { PostgresSequenceStore } from '../sequence/postgres-sequence-store.ts';
import { PostgresEventStore } from '../store/postgres-event-store.ts';
import { connectPostgres } from './connect-postgres.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('PostgreSQL stores opened by replicas at once');
afterAll(() => server?.stop());

const REPLICAS = 4;
const ROUNDS = 30;

/** What a replica does at start: its schema, then each store's tables and indexes. */
async function openAsReplica(url: string, holder: string): Promise<void> {
  const pool = await connectPostgres(url, 'svc', { max: 2 });
  try {
    await PostgresLeaseStore.open(pool);
    await PostgresEventStore.open('svc', pool, { holder });
    const readModels = await PostgresReadModelStore.open(pool, { holder });
    await readModels.define([{ name: 'cases', indexes: [['state'], ['region', 'submittedAt']] }]);
    await PostgresSequenceStore.open(pool);
    await PostgresSubjectKeyStore.open(pool);
  } finally {
    await pool.end();
  }
}

describe.skipIf(!server)('PostgreSQL stores opened on a new database by several replicas at the same moment', () => {
  // PostgreSQL's CREATE ... IF NOT EXISTS is not race-free: the loser of a race meets a catalog
  // conflict (a unique violation, or "type ... already exists" when the winner committed between
  // its check and its insert). A replica must start anyway: the table is there either way.
  it(`all ${REPLICAS} open, in each of ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const url = await server!.newDatabase();
      const opened = await Promise.allSettled(Array.from({ length: REPLICAS }, (_, replica) => openAsReplica(url, `replica-${replica}`)));
      const failures = opened.flatMap((result) => (result.status === 'rejected' ? [`round ${round}: ${String(result.reason)}`] : []));
      expect(failures).toEqual([]);
    }
  });
});
