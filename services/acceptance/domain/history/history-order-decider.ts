import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';

export const historyOrderEventTypes = ['historyEntryArrived'] as const;

/** The events of one case's history order ("history-<case number>"). */
export type HistoryOrderEvent = Extract<AcceptancePayload, { $case: (typeof historyOrderEventTypes)[number] }>;

export const historyOrderStreamId = (caseNumber: string) => `history-${caseNumber}`;
export const HISTORY_ORDER_STREAM_TYPE = 'history';

/** An event of any service about the case reached its history. */
export interface RecordArrival {
  readonly type: 'RecordArrival';
  readonly caseNumber: string;
  readonly eventId: string;
  /** The event of the same case that caused it, if any. */
  readonly causeEventId?: string;
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
export const historyOrderDecider: Decider<RecordArrival, HistoryOrderEvent, HistoryOrderState> = {
  initialState: () => ({ placed: new Set(), held: new Map() }),
  evolve(state, event) {
    switch (event.$case) {
      case 'historyEntryArrived': {
        const { eventId, causeEventId, placedEventIds } = event.value;
        const held = new Map(state.held);
        if (placedEventIds.length === 0) held.set(causeEventId, [...(held.get(causeEventId) ?? []), eventId]);
        for (const id of placedEventIds) held.delete(id);
        return { placed: new Set([...state.placed, ...placedEventIds]), held };
      }
      default:
        return assertNever(event.$case);
    }
  },
  decide(command, state) {
    const { caseNumber, eventId, causeEventId = '' } = command;
    if (state.placed.has(eventId) || [...state.held.values()].some((ids) => ids.includes(eventId))) return [];
    const waits = causeEventId !== '' && !state.placed.has(causeEventId);
    const placedEventIds = waits ? [] : withHeldEffects(eventId, state.held);
    return [
      {
        $case: 'historyEntryArrived',
        value: { caseNumber, eventId, causeEventId, placedEventIds, firstPosition: waits ? 0n : BigInt(state.placed.size + 1) },
      },
    ];
  },
};

/** The entry, then what was held for it, each followed at once by what was held for that (depth first). */
function withHeldEffects(eventId: string, held: ReadonlyMap<string, readonly string[]>): string[] {
  return [eventId, ...(held.get(eventId) ?? []).flatMap((effect) => withHeldEffects(effect, held))];
}
