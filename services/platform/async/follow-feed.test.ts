import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followFeed } from './follow-feed.ts';

describe('followFeed', () => {
  it('does not miss an item that arrives while it is reading, even with polling practically off', async () => {
    const items: number[] = [];
    const news = new EventEmitter();
    const seen: number[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    const follower = followFeed<number>({
      // The first read is empty; an item lands (and the notification fires) before the follower sleeps.
      read: async (after) => {
        const found = items.filter((item) => item > after);
        if (items.length === 0) queueMicrotask(() => (items.push(1), news.emit('new')));
        return found;
      },
      cursorOf: (item) => item,
      after: 0,
      batchSize: 10,
      handle: async (batch) => {
        seen.push(...batch);
        delivered();
      },
      onNewItems: (wake) => (news.on('new', wake), () => news.off('new', wake)),
      pollIntervalMs: 60_000,
    });
    await done;
    await follower.close();
    expect(seen).toEqual([1]);
  });

  it('retries a feed it cannot read (a database failing over), reporting each failure, and goes on', async () => {
    const errors: unknown[] = [];
    const failures: unknown[] = [];
    const handled: number[] = [];
    let reads = 0;
    const follower = followFeed<number>({
      read: async (after) => {
        reads += 1;
        if (reads <= 2) throw new Error('not primary');
        return after < 3 ? [1, 2, 3] : [];
      },
      cursorOf: (item) => item,
      after: 0,
      batchSize: 10,
      handle: async (batch) => void handled.push(...batch),
      onNewItems: () => () => undefined,
      onError: (error) => errors.push(error),
      onFailure: (error) => failures.push(error),
    });
    const start = Date.now();
    while (handled.length < 3 && Date.now() - start < 5_000) await new Promise((resolve) => setTimeout(resolve, 10));
    await follower.close();
    expect(handled).toEqual([1, 2, 3]);
    expect(errors).toHaveLength(2);
    expect(failures).toEqual([]);
  });
});
