import type { StoredEvent } from './event-store.ts';

/**
 * The events a store appended last, in position order, kept in memory: followers that keep up with
 * the store (the outbox relay, the store-fed projections) read them from here, every one the same
 * object, instead of reading and parsing them again each. Positions are contiguous (one writer).
 */
export class RecentEvents {
  readonly #capacity: number;
  #events: StoredEvent[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Appended events, in the order they were committed. */
  add(events: readonly StoredEvent[]): void {
    for (const event of events) {
      const last = this.#events.at(-1);
      // A gap (events written while none were kept) starts the window again.
      if (last && event.position !== last.position + 1) this.#events = [];
      this.#events.push(event);
    }
    if (this.#events.length > this.#capacity) this.#events = this.#events.slice(-this.#capacity);
  }

  /** The events after `after`, at most `limit`, if the window holds the first of them; else undefined. */
  after(after: number, limit: number): StoredEvent[] | undefined {
    const first = this.#events[0];
    if (!first || after + 1 < first.position) return undefined;
    const start = after + 1 - first.position;
    return this.#events.slice(start, start + limit);
  }
}
