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

  it('reports a feed it can no longer read instead of crashing the process', async () => {
    const failures: unknown[] = [];
    const follower = followFeed<number>({
      read: async () => { throw new Error('database is closed'); },
      cursorOf: (item) => item,
      after: 0,
      batchSize: 10,
      handle: async () => undefined,
      onNewItems: () => () => undefined,
      onFailure: (error) => failures.push(error),
    });
    await follower.close();
    expect(failures).toHaveLength(1);
  });
});
