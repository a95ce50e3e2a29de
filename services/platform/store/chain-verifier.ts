import type { EventStore } from './event-store.ts';
import { type ChainBreak, type ChainLink, type StreamHead, firstBreakOf } from './hash-chain.ts';

/** How many events the verifier checks between two reports of its progress. */
const PROGRESS_EVERY = 1_000;

/** What the verifier found in one service's store. */
export interface StoreChainReport {
  readonly service: string;
  readonly streams: number;
  readonly events: number;
  /** The first broken link of every broken stream, ordered by stream id. */
  readonly breaks: readonly ChainBreak[];
  /** Positions of the global feed, up to the store's head position, that hold no event. */
  readonly missingPositions: number;
  /** Every stream head the store keeps (for the anchor digest). */
  readonly heads: readonly StreamHead[];
}

/**
 * Checks every stream of a store: each link's hash, the versions without gaps, and the head the
 * store keeps apart from the events. A stream found broken is read again as one snapshot before
 * it is reported, so an append made while a live store is read never passes for tampering.
 * `onProgress` hears every so often how many events were checked, of about `headPosition`.
 */
export async function verifyStoreChain(store: EventStore, onProgress?: (checked: number, headPosition: number) => void): Promise<StoreChainReport> {
  const headPosition = await store.headPosition();
  const heads = new Map<string, StreamHead>();
  for await (const head of store.streamHeads()) heads.set(head.streamId, head);
  const unvisited = new Set(heads.keys());
  const breaks: ChainBreak[] = [];
  let streams = 0;
  let events = 0;
  let eventsUpToHead = 0;

  const check = async (streamId: string, links: readonly ChainLink[]) => {
    streams += 1;
    unvisited.delete(streamId);
    if (!firstBreakOf(streamId, links, heads.get(streamId))) return;
    const again = await store.streamChain(streamId);
    const confirmed = firstBreakOf(streamId, again.links, again.head);
    if (confirmed) breaks.push(confirmed);
  };

  let current: ChainLink[] = [];
  for await (const link of store.chainLinks()) {
    events += 1;
    if (events % PROGRESS_EVERY === 0) onProgress?.(events, headPosition);
    if (link.position <= headPosition) eventsUpToHead += 1;
    if (current.length && current[0]!.streamId !== link.streamId) {
      await check(current[0]!.streamId, current);
      current = [];
    }
    current.push(link);
  }
  if (current.length) await check(current[0]!.streamId, current);
  onProgress?.(events, headPosition);
  // Heads whose stream has no event left at all.
  for (const streamId of unvisited) await check(streamId, []);

  breaks.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return { service: store.service, streams, events, breaks, missingPositions: headPosition - eventsUpToHead, heads: [...heads.values()] };
}
