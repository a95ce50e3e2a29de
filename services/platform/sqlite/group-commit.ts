import type { DatabaseSync } from 'node:sqlite';
import { type CrashPointName, crashPoint } from '../faults/crash-point.ts';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most writes one commit carries; more wait for the next one. */
  readonly maxBatch: number;
  /**
   * Makes a commit durable after it returned (WalSync), where the database does not sync at commit
   * (synchronous=NORMAL): callers hear only once it resolved, while the thread goes on and the next
   * commit forms meanwhile. Absent: the commit itself is synced (synchronous=FULL).
   */
  readonly sync?: () => Promise<void>;
  /** Where the reliability tests may crash the process: after the commit, before anyone hears. */
  readonly crashPoint?: CrashPointName;
  /** Called after each commit, before any caller hears, with what its successful writes returned. */
  readonly onCommit?: (results: readonly unknown[]) => void;
}

/**
 * Group commit: the writes of concurrent callers share one transaction and so one synced commit.
 * A write is queued; the queue is committed on the next turn of the event loop (setImmediate),
 * so every write queued meanwhile rides the same commit, at most `maxBatch` of them. Each write
 * runs in a savepoint of its own: one that throws is rolled back alone and rejects its caller,
 * the others commit. Every caller's promise settles only once the transaction is durable (synced
 * at commit, or by `sync` after it): a write is never acknowledged before it is on disk, and a
 * crash before that loses only unacknowledged writes.
 */
export class GroupCommit {
  readonly #db: DatabaseSync;
  readonly #options: GroupCommitOptions;
  #queue: Pending[] = [];
  #scheduled = false;
  /** Commits whose sync is in flight. */
  #syncing = 0;

  constructor(db: DatabaseSync, options: GroupCommitOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** Runs `work` (synchronous SQL on the database) in the next group commit; resolves after the commit. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#commit());
  }

  #commit(): void {
    void this.#commitAndSync();
  }

  async #commitAndSync(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.#options.maxBatch);
    if (this.#queue.length) this.#schedule();
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      for (const pending of batch) outcomes.push(this.#runInSavepoint(pending.work));
      this.#db.exec('COMMIT');
      if (this.#options.crashPoint) crashPoint(this.#options.crashPoint);
    } catch (error) {
      // The commit itself failed (a full disk, an I/O error): nothing of the batch is stored.
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      for (const pending of batch) pending.reject(error);
      return;
    }
    if (this.#options.sync) {
      this.#syncing += 1;
      try {
        await this.#options.sync();
      } catch (error) {
        // Committed but not known to be on disk: nobody is told it is stored; a retry finds it.
        for (const pending of batch) pending.reject(error);
        return;
      } finally {
        this.#syncing -= 1;
      }
    }
    this.#options.onCommit?.(outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : [])));
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }

  #runInSavepoint(work: () => unknown): { ok: true; value: unknown } | { ok: false; error: unknown } {
    this.#db.exec('SAVEPOINT write');
    try {
      const value = work();
      this.#db.exec('RELEASE write');
      return { ok: true, value };
    } catch (error) {
      this.#db.exec('ROLLBACK TO write');
      this.#db.exec('RELEASE write');
      return { ok: false, error };
    }
  }

  /** Resolves once everything queued so far is committed (before closing the database). */
  async drain(): Promise<void> {
    while (this.#queue.length || this.#scheduled || this.#syncing) await new Promise((resolve) => setImmediate(resolve));
  }
}
