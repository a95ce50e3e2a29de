import { retry } from './retry.ts';
import type { Subscription } from './subscription.ts';

export interface FeedFollowerOptions<T> {
  /** Reads the items after a cursor, oldest first; an empty result means "caught up". */
  readonly read: (after: number, limit: number) => T[] | Promise<T[]>;
  readonly cursorOf: (item: T) => number;
  readonly after: number;
  readonly batchSize: number;
  /** Handles a batch; `signal` aborts when the follower is closed. */
  readonly handle: (batch: T[], signal: AbortSignal) => Promise<void>;
  /** Registers a wake-up call made when new items may exist; returns the unregistration. */
  readonly onNewItems: (wake: () => void) => () => void;
  readonly onError?: ((error: unknown, attempt: number) => void) | undefined;
  /** Called if the follower stops for good because reading the feed failed. */
  readonly onFailure?: ((error: unknown) => void) | undefined;
  /** Also look for new items this often, for writers that cannot wake us (another process). */
  readonly pollIntervalMs?: number;
  /**
   * After a wake-up, wait this long before reading, so that what arrives meanwhile is read and
   * handled as one batch: under load a few milliseconds turn many one-item batches (each paying a
   * read, a transaction, a commit) into a few larger ones. Not after a full batch (there is more).
   */
  readonly gatherMs?: number;
}

/**
 * Follows an ordered feed: catch up in batches, then wait for wake-ups. A failing batch is retried
 * with exponential back-off until it succeeds or the follower is closed; it is never skipped, which
 * is what at-least-once means.
 */
export function followFeed<T>(options: FeedFollowerOptions<T>): Subscription {
  const stop = new AbortController();
  let cursor = options.after;
  let wake: (() => void) | undefined;
  // Set by every notification and cleared before each read, so news that arrives while reading
  // (before the follower sleeps) is not missed until the next poll.
  let news = false;
  const unregister = options.onNewItems(() => {
    news = true;
    wake?.();
  });

  const waitForNews = () =>
    new Promise<void>((resolve) => {
      if (news) return resolve();
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        stop.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, options.pollIntervalMs ?? 1000);
      wake = done;
      stop.signal.addEventListener('abort', done);
    });

  const gather = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stop.signal.removeEventListener('abort', done);
        resolve();
      }
      stop.signal.addEventListener('abort', done);
    });

  const handleWithRetry = (batch: T[]) =>
    retry(() => options.handle(batch, stop.signal), {
      attempts: Number.POSITIVE_INFINITY,
      minBackoffMs: 50,
      maxBackoffMs: 5000,
      signal: stop.signal,
      onFailedAttempt: (error, attempt) => options.onError?.(error, attempt),
    });

  // A read that fails (a database failing over) is retried too: following must not stop for good.
  const readWithRetry = () =>
    retry(async () => options.read(cursor, options.batchSize), {
      attempts: Number.POSITIVE_INFINITY,
      minBackoffMs: 100,
      maxBackoffMs: 10_000,
      signal: stop.signal,
      onFailedAttempt: (error, attempt) => options.onError?.(error, attempt),
    });

  const loop = async () => {
    while (!stop.signal.aborted) {
      news = false;
      let batch: T[];
      try {
        batch = await readWithRetry();
      } catch (error) {
        if (stop.signal.aborted) break;
        throw error;
      }
      if (batch.length === 0) {
        await waitForNews();
        if (options.gatherMs && !stop.signal.aborted) await gather(options.gatherMs);
        continue;
      }
      try {
        await handleWithRetry(batch);
      } catch (error) {
        if (stop.signal.aborted) break;
        throw error;
      }
      cursor = options.cursorOf(batch[batch.length - 1] as T);
      // Let the event loop serve what waits (a caller's request) before the next batch: a
      // follower catching up must not hold a thread's requests behind its own work.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // Reading and handling are retried until closed, so this only reports the unexpected.
  const running = loop().catch((error: unknown) => options.onFailure?.(error));

  return {
    async close() {
      stop.abort();
      unregister();
      await running;
    },
  };
}
