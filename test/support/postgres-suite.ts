import { type PostgresServer, postgresUnavailable, startPostgres } from '../../scripts/lib/postgres-server.ts';

export type PostgresForTests = PostgresServer;

/**
 * A PostgreSQL server for a test file (scripts/lib/postgres-server.ts): PG_URL's, or one started
 * from Debian's `postgresql` package (installed by .ci/run). Without either, says why on stderr and
 * resolves undefined, so the suite skips loudly.
 */
export async function postgresForTests(suite: string): Promise<PostgresForTests | undefined> {
  const missing = postgresUnavailable();
  if (missing) {
    process.stderr.write(`\n[SKIPPED] ${suite}: ${missing}\n`);
    return undefined;
  }
  return startPostgres();
}
