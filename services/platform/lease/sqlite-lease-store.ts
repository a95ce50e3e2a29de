import type { DatabaseSync } from 'node:sqlite';
import { inTransaction, openSqlite, statement } from '../sqlite/open-sqlite.ts';
import type { Lease, LeaseStore } from './lease-store.ts';

interface LeaseRow {
  name: string;
  holder: string;
  token: number;
  expires_at: number;
}

const SCHEMA = `
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    token INTEGER NOT NULL,
    expires_at INTEGER NOT NULL -- ms since the epoch
  ) WITHOUT ROWID;
`;

// Unqualified columns in DO UPDATE are the stored row's. The WHERE lets the holder renew, or anyone
// take an expired lease; the CASE keeps the token only for a renewal of an unexpired lease.
const ACQUIRE = `
  INSERT INTO leases (name, holder, token, expires_at) VALUES (:name, :holder, 1, :now + :ttl)
  ON CONFLICT (name) DO UPDATE SET
    token = CASE WHEN expires_at > :now THEN token ELSE token + 1 END,
    holder = excluded.holder,
    expires_at = excluded.expires_at
  WHERE holder = excluded.holder OR expires_at <= :now
  RETURNING *`;

const RELEASE = 'UPDATE leases SET expires_at = min(expires_at, :now) WHERE name = :name AND holder = :holder AND token = :token';

/**
 * Leases in an SQLite file that the processes of one machine share (not held exclusively, as the
 * embedded bus is shared by worker threads). Time is this machine's clock, which every process
 * sharing the file reads alike. Commits are synced: a lease taken survives a power loss, so its
 * token is never handed out twice.
 */
export class SqliteLeaseStore implements LeaseStore {
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.#db = openSqlite(path, { synchronous: 'FULL', exclusive: false, busyTimeoutMs: BUSY_TIMEOUT_MS, schema: { version: 1, sql: SCHEMA } });
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    // The clock is read after BEGIN IMMEDIATE has the write lock, so waiting for another process's
    // write cannot make "now" stale; a deferred write could also fail with a stale snapshot.
    const row = inTransaction(this.#db, () => statement(this.#db, ACQUIRE).get({ name, holder, ttl: ttlMs, now: Date.now() }) as LeaseRow | undefined);
    return leaseOf(row);
  }

  async release(name: string, holder: string, token: number): Promise<void> {
    inTransaction(this.#db, () => statement(this.#db, RELEASE).run({ name, holder, token, now: Date.now() }));
  }

  async current(name: string): Promise<Lease | undefined> {
    return leaseOf(statement(this.#db, 'SELECT * FROM leases WHERE name = ?').get(name) as LeaseRow | undefined);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

/** How long a lease write waits for another process's write; writes are rare and tiny. */
const BUSY_TIMEOUT_MS = 5_000;

function leaseOf(row: LeaseRow | undefined): Lease | undefined {
  return row && { name: row.name, holder: row.holder, token: row.token, expiresAt: row.expires_at };
}
