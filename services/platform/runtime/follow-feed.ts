import { retry } from './retry.ts';
import type { Subscription } from '../store/event-store.ts';

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
  /** Also look for new items this often, for writers that cannot wake us (another process). */
  readonly pollIntervalMs?: number;
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
  const unregister = options.onNewItems(() => wake?.());

  const waitForNews = () =>
    new Promise<void>((resolve) => {
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

  const handleWithRetry = (batch: T[]) =>
    retry(() => options.handle(batch, stop.signal), {
      attempts: Number.POSITIVE_INFINITY,
      minBackoffMs: 50,
      maxBackoffMs: 5000,
      signal: stop.signal,
      onFailedAttempt: (error, attempt) => options.onError?.(error, attempt),
    });

  const loop = async () => {
    while (!stop.signal.aborted) {
      const batch = await options.read(cursor, options.batchSize);
      if (batch.length === 0) {
        await waitForNews();
        continue;
      }
      try {
        await handleWithRetry(batch);
      } catch (error) {
        if (stop.signal.aborted) break;
        throw error;
      }
      cursor = options.cursorOf(batch[batch.length - 1] as T);
    }
  };
  const running = loop();

  return {
    async close() {
      stop.abort();
      unregister();
      await running.catch(() => undefined);
    },
  };
}
