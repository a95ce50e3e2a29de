import { type Pool, createIfMissing, inPostgres } from '../postgres/connect-postgres.ts';
import type { StoredSubjectKey, SubjectKeyStore } from './subject-key-store.ts';

interface KeyRow {
  key_id: string;
  subject: string;
  wrapped_key: Buffer | null;
  created_at: string;
  erased_at: string | null;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS subject_keys (
    key_id      text PRIMARY KEY,
    subject     text NOT NULL,
    wrapped_key bytea,
    created_at  text NOT NULL,
    erased_at   text
  )`,
  // One active key per subject; erased keys stay as tombstones.
  'CREATE UNIQUE INDEX IF NOT EXISTS subject_keys_active ON subject_keys (subject) WHERE erased_at IS NULL',
];

const ACTIVE_KEY = 'SELECT key_id, subject, wrapped_key, created_at, erased_at FROM subject_keys WHERE subject = $1 AND erased_at IS NULL';

/**
 * The key store on PostgreSQL, in a schema every service of an installation reads (the "keys"
 * schema). Two writers racing to create a subject's first key: the partial unique index lets one
 * insert and the other's ON CONFLICT DO NOTHING waits for it, then both read the same key.
 * PostgreSQL keeps an updated row's old version until VACUUM, so an erasure vacuums the table at
 * once; copies in the write-ahead log, its archive and backups go when they expire
 * (docs/operations.md). The key is wrapped under the master key in every copy.
 */
export class PostgresSubjectKeyStore implements SubjectKeyStore {
  readonly #pool: Pool;

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  static async open(pool: Pool): Promise<PostgresSubjectKeyStore> {
    await createIfMissing(pool, SCHEMA);
    return new PostgresSubjectKeyStore(pool);
  }

  async activeKey(subject: string): Promise<StoredSubjectKey | undefined> {
    return keyOf((await this.#query<KeyRow>(ACTIVE_KEY, [subject]))[0]);
  }

  async addKey(key: StoredSubjectKey): Promise<StoredSubjectKey> {
    await this.#query('INSERT INTO subject_keys (key_id, subject, wrapped_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      key.keyId, key.subject, key.wrappedKey ?? null, key.createdAt,
    ]);
    return keyOf((await this.#query<KeyRow>(ACTIVE_KEY, [key.subject]))[0])!;
  }

  async keyById(keyId: string): Promise<StoredSubjectKey | undefined> {
    return keyOf((await this.#query<KeyRow>('SELECT key_id, subject, wrapped_key, created_at, erased_at FROM subject_keys WHERE key_id = $1', [keyId]))[0]);
  }

  async eraseSubject(subject: string, erasedAt: string): Promise<string[]> {
    const erased = await this.#query<{ key_id: string }>('UPDATE subject_keys SET wrapped_key = NULL, erased_at = $1 WHERE subject = $2 AND erased_at IS NULL RETURNING key_id', [
      erasedAt, subject,
    ]);
    if (erased.length > 0) await this.#query('VACUUM subject_keys', []);
    return erased.map((row) => row.key_id);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    return (await inPostgres(() => this.#pool.query<R>(sql, params))).rows;
  }
}

function keyOf(row: KeyRow | undefined): StoredSubjectKey | undefined {
  if (!row) return undefined;
  return {
    keyId: row.key_id,
    subject: row.subject,
    wrappedKey: row.wrapped_key ?? undefined,
    createdAt: row.created_at,
    ...(row.erased_at ? { erasedAt: row.erased_at } : {}),
  };
}
