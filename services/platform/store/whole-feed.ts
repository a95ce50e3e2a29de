import type { EventStore, StoredEvent } from './event-store.ts';

/** Every event of a store's global feed, in order, read page by page (checks and operations tools). */
export async function* wholeFeed(store: Pick<EventStore, 'readAll'>, pageSize = 10_000): AsyncGenerator<StoredEvent> {
  for (let after = 0; ; ) {
    const page = await store.readAll(after, pageSize);
    if (page.length === 0) return;
    yield* page;
    after = page.at(-1)!.position;
  }
}
