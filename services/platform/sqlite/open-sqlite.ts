import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

export interface SqliteOptions {
  /**
   * FULL syncs the write-ahead log on every commit, so a commit survives power loss; NORMAL syncs
   * at checkpoints only, so the last commits may roll back after power loss (never corrupt).
   * Everything OneWindow stores uses FULL: see SqliteReadModelStore for why even read models do.
   */
  readonly synchronous: 'FULL' | 'NORMAL';
  /** Hold the file's lock for the process's lifetime, so a second process cannot open it. */
  readonly exclusive: boolean;
  /**
   * The tables the file holds, created when the file is new, and their version (PRAGMA
   * user_version). A file of another version is refused until a migration exists for it.
   */
  readonly schema?: { readonly version: number; readonly sql: string };
}

/**
 * Opens an SQLite database in WAL mode. With `exclusive`, the write lock is taken at once, so a
 * second process on the same data directory fails here with a clear message instead of later.
 */
export function openSqlite(path: string, options: SqliteOptions): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: 0 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.synchronous}`);
    if (options.exclusive) {
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('BEGIN IMMEDIATE; COMMIT');
    }
    if (options.schema) applySchema(db, path, options.schema);
  } catch (error) {
    db.close();
    if (error instanceof Error && /locked|busy/i.test(error.message)) {
      throw new Error(`${path} is in use by another process (one process owns a service's data)`);
    }
    throw error;
  }
  return db;
}

function applySchema(db: DatabaseSync, path: string, schema: { version: number; sql: string }): void {
  const { user_version: current } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (current === schema.version) return;
  if (current !== 0) throw new Error(`${path} has schema version ${current}; this OneWindow reads version ${schema.version}`);
  inTransaction(db, () => {
    db.exec(schema.sql);
    db.exec(`PRAGMA user_version = ${schema.version}`);
  });
}

/** Runs `work` in one write transaction; rolls back if it throws. Synchronous on purpose: no other
 * code can interleave with a transaction on the same connection. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** A prepared statement for `sql` on `db`, prepared once and reused. */
export function statement(db: DatabaseSync, sql: string): StatementSync {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}
