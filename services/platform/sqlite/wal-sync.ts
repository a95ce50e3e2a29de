import { closeSync, existsSync, fdatasyncSync, openSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Makes an SQLite file's commits durable without holding its thread. The file runs in WAL mode
 * with synchronous=NORMAL: a commit writes its frames to the write-ahead log (the OS holds them)
 * and returns without waiting for the disk. `durable()` then syncs the log on libuv's thread pool;
 * once it resolves, every transaction committed before it was called survives a power loss, for
 * the synced log holds their frames and recovery replays the log up to its last commit frame.
 * Syncs coalesce: callers that come while one is running share the next, so one sync serves every
 * commit made meanwhile, and they finish in the order they were asked for. The log is one file for
 * as long as the database is open (SQLite reuses it, never replaces it), so one handle serves;
 * SQLite's own checkpoints sync the log and the database as NORMAL always does.
 * docs/architecture.md, "The commit path".
 */
export class WalSync {
  readonly #walPath: string;
  #handle: Promise<FileHandle> | undefined;
  #running: Promise<void> | undefined;
  #waiting: Waiter[] = [];

  constructor(databasePath: string) {
    this.#walPath = `${databasePath}-wal`;
    // What a crashed process committed but never synced is in the log now: make it durable before
    // anyone reads it as stored.
    if (existsSync(this.#walPath)) {
      const file = openSync(this.#walPath, 'r');
      try {
        fdatasyncSync(file);
      } finally {
        closeSync(file);
      }
    }
  }

  /** Resolves once everything committed before the call is on disk. */
  durable(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#running ??= this.#syncRound();
    });
  }

  async #syncRound(): Promise<void> {
    while (this.#waiting.length) {
      const round = this.#waiting.splice(0);
      try {
        this.#handle ??= open(this.#walPath, 'r');
        await (await this.#handle).datasync();
        for (const waiter of round) waiter.resolve();
      } catch (error) {
        for (const waiter of round) waiter.reject(error);
      }
    }
    this.#running = undefined;
  }

  async close(): Promise<void> {
    await this.#running;
    await (await this.#handle)?.close();
  }
}
