import type { EventEmitter } from 'node:events';
import { followFeed } from '../async/follow-feed.ts';
import type { StoredEvent, SubscribeOptions, Subscription } from './event-store.ts';

/**
 * An event store's subscription (EventStore.subscribe): catch up from `options.after` by reading
 * the feed page by page, then follow it, woken at once by this process's appends (`appended`
 * emits "appended") and, for a store other processes append to, by polling every `pollIntervalMs`.
 */
export function subscribeToFeed(
  read: (after: number, limit: number) => Promise<StoredEvent[]> | StoredEvent[],
  appended: EventEmitter,
  options: SubscribeOptions,
  handler: (batch: StoredEvent[], signal: AbortSignal) => Promise<void>,
  pollIntervalMs?: number,
): Subscription {
  return followFeed({
    read,
    cursorOf: (event) => event.position,
    after: options.after,
    batchSize: options.batchSize ?? 500,
    handle: handler,
    ...(options.gatherMs ? { gatherMs: options.gatherMs } : {}),
    onError: options.onError,
    onFailure: options.onFailure,
    ...(pollIntervalMs ? { pollIntervalMs } : {}),
    onNewItems: (wake) => {
      appended.on('appended', wake);
      return () => appended.off('appended', wake);
    },
  });
}
