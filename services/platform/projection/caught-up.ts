import type { EventStore } from '../store/event-store.ts';
import type { ReadModelWaiter } from './projection-runner.ts';

/**
 * Resolves once a view fed by `store` has applied everything the store held when called: for work
 * that must see every write made so far, not one the caller names (a rating given a moment ago, a
 * stream written on the old calendar). Rejects with UnavailableError after `timeoutMs`.
 */
export async function caughtUpWithStore(
  view: ReadModelWaiter,
  store: Pick<EventStore, 'service' | 'headPosition' | 'readAll'>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const [head] = await store.readAll((await store.headPosition()) - 1, 1);
  if (head) await view.waitFor({ service: store.service, streamId: head.streamId, version: head.version }, timeoutMs, signal);
}
