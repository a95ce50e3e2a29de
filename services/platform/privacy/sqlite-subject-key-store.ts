import type { DatabaseSync } from 'node:sqlite';
import { GroupCommit } from '../sqlite/group-commit.ts';
import { inTransaction, openSqlite, statement } from '../sqlite/open-sqlite.ts';
import type { StoredSubjectKey, SubjectKeyStore } from './subject-key-store.ts';

interface KeyRow {
  key_id: string;
  subject: string;
  wrapped_key: Uint8Array | null;
  created_at: string;
  erased_at: string | null;
}

const SCHEMA = `
  CREATE TABLE subject_keys (
    key_id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    wrapped_key BLOB,
    created_at TEXT NOT NULL,
    erased_at TEXT
  ) WITHOUT ROWID;
  -- One active key per subject; erased keys stay as tombstones.
  CREATE UNIQUE INDEX subject_keys_active ON subject_keys (subject) WHERE erased_at IS NULL;
`;

const ACTIVE_KEY = 'SELECT * FROM subject_keys WHERE subject = ? AND erased_at IS NULL';

/**
 * The embedded key store: one SQLite file for the whole installation, synced on every commit (new
 * keys share one: group commit). Not
 * held exclusively: in mixed mode the services' processes on one data directory share it, waiting
 * their turn to write (writes are rare: a person's first key, an erasure).
 * secure_delete overwrites a destroyed key's bytes in the file, and erasing checkpoints the
 * write-ahead log, so the key does not linger in free pages or the log.
 */
export class SqliteSubjectKeyStore implements SubjectKeyStore {
  readonly #db: DatabaseSync;
  /** New applicants' first keys, many at a time under load, share one synced commit. */
  readonly #commits: GroupCommit;

  constructor(path: string) {
    this.#db = openSqlite(path, { synchronous: 'FULL', exclusive: false, busyTimeoutMs: 5_000, schema: { version: 1, sql: SCHEMA } });
    this.#db.exec('PRAGMA secure_delete = ON');
    this.#commits = new GroupCommit(this.#db, { maxBatch: 256 });
  }

  async activeKey(subject: string): Promise<StoredSubjectKey | undefined> {
    return keyOf(statement(this.#db, ACTIVE_KEY).get(subject) as KeyRow | undefined);
  }

  addKey(key: StoredSubjectKey): Promise<StoredSubjectKey> {
    return this.#commits.run(() => {
      statement(this.#db, 'INSERT INTO subject_keys (key_id, subject, wrapped_key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(
        key.keyId,
        key.subject,
        key.wrappedKey ?? null,
        key.createdAt,
      );
      return keyOf(statement(this.#db, ACTIVE_KEY).get(key.subject) as unknown as KeyRow)!;
    });
  }

  async keyById(keyId: string): Promise<StoredSubjectKey | undefined> {
    return keyOf(statement(this.#db, 'SELECT * FROM subject_keys WHERE key_id = ?').get(keyId) as KeyRow | undefined);
  }

  async eraseSubject(subject: string, erasedAt: string): Promise<string[]> {
    const erased = inTransaction(this.#db, () =>
      (
        statement(this.#db, 'UPDATE subject_keys SET wrapped_key = NULL, erased_at = ? WHERE subject = ? AND erased_at IS NULL RETURNING key_id').all(
          erasedAt,
          subject,
        ) as Array<{ key_id: string }>
      ).map((row) => row.key_id),
    );
    if (erased.length > 0) this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return erased;
  }

  async close(): Promise<void> {
    await this.#commits.drain();
    if (this.#db.isOpen) this.#db.close();
  }
}

function keyOf(row: KeyRow | undefined): StoredSubjectKey | undefined {
  if (!row) return undefined;
  return {
    keyId: row.key_id,
    subject: row.subject,
    wrappedKey: row.wrapped_key ? Buffer.from(row.wrapped_key) : undefined,
    createdAt: row.created_at,
    ...(row.erased_at ? { erasedAt: row.erased_at } : {}),
  };
}
