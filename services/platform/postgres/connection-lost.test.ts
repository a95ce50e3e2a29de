import { afterAll, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { StoreUnavailableError } from '../domain/errors.ts';
import { connectPostgres, inTransaction } from './connect-postgres.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('PostgreSQL connection lost inside a transaction');
afterAll(() => server?.stop());

describe.skipIf(!server)('a connection the server drops while a transaction holds it', () => {
  // pg emits 'error' on a checked-out client whose socket ends between two queries; with no
  // listener that is an uncaught exception, which would take the whole service down.
  it('fails the transaction as the store being unavailable, and the process carries on', async () => {
    const url = await server!.newDatabase();
    const pool = await connectPostgres(url, 'svc', { max: 2 });
    const admin = await connectPostgres(url, 'svc', { max: 1, createSchema: false });
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.prependListener('uncaughtException', record);
    try {
      const outcome = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        // No query of ours is running while the server closes the socket.
        await new Promise((resolve) => setTimeout(resolve, 300));
        return client.query('SELECT 1');
      }).then(
        () => 'committed',
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(StoreUnavailableError);
      expect(uncaught).toEqual([]);
      // The pool gave up the dead connection and serves the next query.
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      process.removeListener('uncaughtException', record);
      await pool.end();
      await admin.end();
    }
  });
});
