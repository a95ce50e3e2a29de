import { type Pool, createIfMissing, inPostgres } from '../postgres/connect-postgres.ts';
import type { SequenceStore } from './sequence-store.ts';

/**
 * Counters on PostgreSQL, in the service's schema: one upsert per number, which takes the row's
 * lock, so replicas drawing at once get consecutive numbers and none twice. A table rather than
 * PostgreSQL sequences: a sequence per region and day would be thousands of catalog objects, and a
 * sequence's numbers are not rolled back with a failed transaction (they are not here either: a
 * number is drawn in its own statement and a gap is allowed; a repeat is not).
 */
export class PostgresSequenceStore implements SequenceStore {
  readonly #pool: Pool;

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  static async open(pool: Pool): Promise<PostgresSequenceStore> {
    await createIfMissing(pool, ['CREATE TABLE IF NOT EXISTS sequences (name text PRIMARY KEY, value bigint NOT NULL)']);
    return new PostgresSequenceStore(pool);
  }

  async next(name: string): Promise<number> {
    // Not retried on a lost connection: the number may have been drawn; the caller's retry draws another.
    const rows = await inPostgres(() =>
      this.#pool.query<{ value: string }>(
        `INSERT INTO sequences (name, value) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value`,
        [name],
      ),
    );
    return Number(rows.rows[0]!.value);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
