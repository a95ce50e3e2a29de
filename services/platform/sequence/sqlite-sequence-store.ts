import type { DatabaseSync } from 'node:sqlite';
import { openSqlite, statement } from '../sqlite/open-sqlite.ts';
import type { SequenceStore } from './sequence-store.ts';

/** Counters in an SQLite file with synced commits: a number handed out survives a power loss. */
export class SqliteSequenceStore implements SequenceStore {
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.#db = openSqlite(path, {
      synchronous: 'FULL',
      exclusive: path !== ':memory:',
      schema: { version: 1, sql: 'CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID' },
    });
  }

  async next(name: string): Promise<number> {
    const row = statement(
      this.#db,
      `INSERT INTO sequences (name, value) VALUES (?, 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    ).get(name) as { value: number };
    return row.value;
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
