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
  /** How long a write waits for another process's write to end (files shared by processes); default 0. */
  readonly busyTimeoutMs?: number;
  /**
   * The tables the file holds, created when the file is new, and their version (PRAGMA
   * user_version). A file of another version is refused until a migration exists for it.
   */
  readonly schema?: SqliteSchema;
}

export interface SqliteSchema {
  readonly version: number;
  /** Creates the tables as they were first released: version `version - migrations.length`. */
  readonly sql: string;
  /**
   * Each upgrades a file by one version, oldest first. A new file runs them all after `sql`; an
   * older file runs those it lacks; either way in one transaction with the version change.
   */
  readonly migrations?: ReadonlyArray<(db: DatabaseSync) => void>;
}

/**
 * Opens an SQLite database in WAL mode. With `exclusive`, the write lock is taken at once, so a
 * second process on the same data directory fails here with a clear message instead of later.
 */
export function openSqlite(path: string, options: SqliteOptions): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 0 });
  try {
    enterWalMode(db, options.busyTimeoutMs ?? 0);
    db.exec(`PRAGMA synchronous = ${options.synchronous}`);
    // Savepoints (a group commit's one per write) keep their undo pages in a statement journal:
    // in memory, not in a temporary file written page by page (it is never needed after a crash).
    db.exec('PRAGMA temp_store = MEMORY');
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

/**
 * Switching a new file to WAL needs its exclusive lock, and SQLite answers SQLITE_BUSY at once,
 * without calling the busy handler, when another connection opens the file at the same moment (it
 * would deadlock otherwise: https://www.sqlite.org/c3ref/busy_handler.html). Files shared by
 * processes or threads (busyTimeoutMs > 0) therefore wait their turn here, as the busy handler
 * would, until the first opener has switched the file. Synchronous, because opening is.
 */
function enterWalMode(db: DatabaseSync, busyTimeoutMs: number): void {
  const giveUpAt = Date.now() + busyTimeoutMs;
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 50)) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!(error instanceof Error && /locked|busy/i.test(error.message)) || Date.now() >= giveUpAt) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    }
  }
}

/**
 * Opens an existing SQLite file to read it only (verifiers, audits): no lock held, no schema
 * created or migrated, nothing written to the file. A file another process owns is refused.
 * Returns the database and its schema version (PRAGMA user_version, 0 for a file without one).
 */
export function openSqliteForReading(path: string): { db: DatabaseSync; version: number } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    // The first read takes the shared lock: an owner's exclusive lock fails it here.
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    return { db, version };
  } catch (error) {
    db.close();
    if (error instanceof Error && /locked|busy/i.test(error.message)) {
      throw new Error(`${path} is in use by another process (stop it, or read a copy)`);
    }
    throw error;
  }
}

function applySchema(db: DatabaseSync, path: string, schema: SqliteSchema): void {
  const version = () => (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (version() === schema.version) return;
  const migrations = schema.migrations ?? [];
  const first = schema.version - migrations.length;
  inTransaction(db, () => {
    // Read again under the write lock: another process sharing the file may have just created it.
    const current = version();
    if (current === schema.version) return;
    if (current !== 0 && (current < first || current > schema.version)) {
      throw new Error(`${path} has schema version ${current}; this OneWindow reads version ${schema.version}`);
    }
    if (current === 0) db.exec(schema.sql);
    for (const migrate of migrations.slice(current === 0 ? 0 : current - first)) migrate(db);
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
