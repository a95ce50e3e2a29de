import pg from 'pg';
import { retryStoreWork } from '../async/retry-store-work.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** A schema name, quoted nowhere: only plain lower-case names pass (they become identifiers). */
const SCHEMA = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * A connection pool to one schema of a PostgreSQL database (one schema per service, as MongoDB
 * has a database per service): every connection's search_path is that schema, which is created if
 * missing. `max` bounds the connections: a replica's pools together must stay well under the
 * server's max_connections divided by the number of replicas.
 */
export async function connectPostgres(url: string, schema: string, options: { max?: number; application?: string; createSchema?: boolean } = {}): Promise<Pool> {
  if (!SCHEMA.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    application_name: options.application ?? `onewindow-${schema}`,
    options: `-c search_path=${schema}`,
    // An operator sees a missing server in seconds, not after the OS's connect timeout.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection the server closed (a failover, a restart) must not crash the process: the
  // pool drops it, and the next query opens another.
  pool.on('error', () => undefined);
  if (options.createSchema !== false) {
    await createIfMissing(pool, [`CREATE SCHEMA IF NOT EXISTS ${schema}`]);
  }
  return pool;
}

/**
 * Runs DDL statements (CREATE ... IF NOT EXISTS) one by one, as replicas starting together do.
 * PostgreSQL's IF NOT EXISTS is not race-free: of two sessions creating the same object, the one
 * that checked before the other committed fails on the catalog with a unique violation (23505),
 * "relation already exists" (42P07) or, for a table's row type, "type already exists" (42710).
 * The object exists by then, so the statement is run again and now finds it.
 */
export async function createIfMissing(pool: Pool, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    await retryStoreWork(() => pool.query(statement), (error) => isConcurrentCreate(error) || isTransientPostgresFault(error));
  }
}

const CONCURRENT_CREATE = new Set(['23505', '42P07', '42710']);
const isConcurrentCreate = (error: unknown): boolean => CONCURRENT_CREATE.has(sqlStateOf(error) ?? '');

export const sqlStateOf = (error: unknown): string | undefined => (error as { code?: unknown }).code as string | undefined;

/** A unique index refused a write; `constraint` names which. */
export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  sqlStateOf(error) === '23505' && (constraint === undefined || (error as { constraint?: string }).constraint === constraint);

/**
 * SQLSTATEs after which the same work may succeed if tried again: a serialization failure or
 * deadlock (class 40), a lost or refused connection (class 08), the server shutting down or
 * starting (57P01–57P03), a standby that cannot write (25006, after a failover), too many
 * connections (53300), a statement cancelled by a server-side timeout (57014).
 */
const RETRYABLE_STATES = new Set(['40001', '40P01', '25006', '53300', '57014', '57P01', '57P02', '57P03']);
const RETRYABLE_CLASSES = ['08'];
/** What the driver reports when the socket itself failed (no SQLSTATE). */
const CONNECTION_FAULT = /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|ETIMEDOUT|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed/i;

/** Whether a failure of PostgreSQL work is the store's passing fault rather than the request's. */
export function isTransientPostgresFault(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state)) return RETRYABLE_STATES.has(state) || RETRYABLE_CLASSES.some((prefix) => state.startsWith(prefix));
  return error instanceof Error && CONNECTION_FAULT.test(error.message);
}

/**
 * Runs PostgreSQL work, tried again (p-retry, a few times within about a second) on a transient
 * fault; a fault that persists becomes StoreUnavailableError, which callers answer UNAVAILABLE.
 * Anything else (a refused write, a bug) is thrown as it is. Only idempotent work or whole
 * transactions may be passed: a retried transaction starts afresh.
 */
export function inPostgres<T>(work: () => Promise<T>): Promise<T> {
  return retryStoreWork(work, isTransientPostgresFault);
}

export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * Runs `work` in one transaction on a connection of its own, committed if it resolves and rolled
 * back if it throws, and the whole transaction tried again on a transient fault (inPostgres).
 */
export function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, isolation: Isolation = 'READ COMMITTED'): Promise<T> {
  return inPostgres(async () => {
    const client = await pool.connect();
    let broken: unknown;
    // pg emits 'error' on a checked-out client whose socket ends between two queries; unheard, that
    // is an uncaught exception. The next query (or COMMIT) fails anyway, and the transaction is
    // tried again.
    const lost = (error: Error) => (broken = error);
    client.on('error', lost);
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = isTransientPostgresFault(error) ? error : undefined;
      await client.query('ROLLBACK').catch((rollback: unknown) => (broken = rollback));
      throw error;
    } finally {
      // A connection whose transaction could not be ended cleanly is not given back to the pool.
      client.removeListener('error', lost);
      client.release(broken instanceof Error ? broken : undefined);
    }
  });
}

/**
 * The condition under which a replica (`$holder`) may write progress named `$name`: no lease of
 * that name, or one it holds. FOR SHARE keeps the lease row as it is until the write commits, so
 * a standby cannot take the lease between the check and the commit. Needs the leases table
 * (lease/postgres-lease-store.ts), which the host creates before it opens the stores.
 */
export const fenceCondition = (name: string, holder: string) =>
  `NOT EXISTS (SELECT 1 FROM (SELECT holder FROM leases WHERE name = ${name} FOR SHARE) AS lease WHERE lease.holder <> ${holder})`;
