import type { HistoryArrival } from '../../../../generated/onewindow/acceptance/v1/events.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';

export const historyOrderEventTypes = ['historyEntriesArrived'] as const;

/** The events of one case's history order ("history-<case number>"). */
export type HistoryOrderEvent = Extract<AcceptancePayload, { $case: (typeof historyOrderEventTypes)[number] }>;

export const historyOrderStreamId = (caseNumber: string) => `history-${caseNumber}`;
export const HISTORY_ORDER_STREAM_TYPE = 'history';

/** Events of any service about the case reached its history, in this order. */
export interface RecordArrivals {
  readonly type: 'RecordArrivals';
  readonly caseNumber: string;
  /** Each event, with the event of the same case that caused it ('' for none). */
  readonly arrivals: readonly HistoryArrival[];
}

export interface HistoryOrderState {
  /** Entries placed so far (the last position is their count). */
  readonly placed: ReadonlySet<string>;
  /** Entries that arrived before their cause, by that cause, in the order they arrived. */
  readonly held: ReadonlyMap<string, readonly string[]>;
}

/**
 * The one order of a case's history (docs/architecture.md, "One history, every channel"). Events
 * of the four services reach the history by different topics, so in an order that depends on
 * timing; the order they are given here is recorded as events of the history's own stream, so it
 * is fixed once: every channel, every watcher and every rebuild reads the same positions. An
 * entry is placed when it arrives, unless its cause has not: then it is held and placed right
 * after its cause (and, in turn, its own held effects after it), so causes always come first.
 */
export const historyOrderDecider: Decider<RecordArrivals, HistoryOrderEvent, HistoryOrderState> = {
  initialState: () => ({ placed: new Set(), held: new Map() }),
  evolve(state, event) {
    switch (event.$case) {
      case 'historyEntriesArrived': {
        const { arrivals, placedEventIds } = event.value;
        const placedNow = new Set(placedEventIds);
        const held = new Map(state.held);
        for (const { eventId, causeEventId } of arrivals) {
          if (!placedNow.has(eventId)) held.set(causeEventId, [...(held.get(causeEventId) ?? []), eventId]);
        }
        for (const id of placedEventIds) held.delete(id);
        return { placed: new Set([...state.placed, ...placedEventIds]), held };
      }
      default:
        return assertNever(event.$case);
    }
  },
  decide(command, state) {
    const arrivals: HistoryArrival[] = [];
    const placedEventIds: string[] = [];
    let now = state;
    for (const arrival of command.arrivals) {
      if (now.placed.has(arrival.eventId) || isHeld(now, arrival.eventId)) continue;
      const waits = arrival.causeEventId !== '' && !now.placed.has(arrival.causeEventId);
      const placing = waits ? [] : withHeldEffects(arrival.eventId, now.held);
      arrivals.push(arrival);
      placedEventIds.push(...placing);
      now = historyOrderDecider.evolve(now, arrived(command.caseNumber, [arrival], placing, 0));
    }
    if (arrivals.length === 0) return [];
    return [arrived(command.caseNumber, arrivals, placedEventIds, placedEventIds.length ? state.placed.size + 1 : 0)];
  },
};

const arrived = (caseNumber: string, arrivals: HistoryArrival[], placedEventIds: string[], firstPosition: number): HistoryOrderEvent => ({
  $case: 'historyEntriesArrived',
  value: { caseNumber, arrivals, placedEventIds, firstPosition: BigInt(firstPosition) },
});

const isHeld = (state: HistoryOrderState, eventId: string) => [...state.held.values()].some((ids) => ids.includes(eventId));

/** The entry, then what was held for it, each followed at once by what was held for that (depth first). */
function withHeldEffects(eventId: string, held: ReadonlyMap<string, readonly string[]>): string[] {
  return [eventId, ...(held.get(eventId) ?? []).flatMap((effect) => withHeldEffects(effect, held))];
}
