import type { DatabaseSync } from 'node:sqlite';
import { GroupCommit } from '../sqlite/group-commit.ts';
import { openSqlite, statement } from '../sqlite/open-sqlite.ts';
import type { SequenceStore } from './sequence-store.ts';

/**
 * Counters in an SQLite file with synced commits: a number handed out survives a power loss, so it
 * is never handed out again. Numbers drawn at the same time share one commit (group commit).
 */
export class SqliteSequenceStore implements SequenceStore {
  readonly #db: DatabaseSync;
  readonly #commits: GroupCommit;

  constructor(path: string) {
    this.#db = openSqlite(path, {
      synchronous: 'FULL',
      exclusive: path !== ':memory:',
      schema: { version: 1, sql: 'CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID' },
    });
    this.#commits = new GroupCommit(this.#db, { maxBatch: 256 });
  }

  next(name: string): Promise<number> {
    return this.#commits.run(
      () =>
        (
          statement(
            this.#db,
            `INSERT INTO sequences (name, value) VALUES (?, 1)
             ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
          ).get(name) as { value: number }
        ).value,
    );
  }

  async close(): Promise<void> {
    await this.#commits.drain();
    if (this.#db.isOpen) this.#db.close();
  }
}
