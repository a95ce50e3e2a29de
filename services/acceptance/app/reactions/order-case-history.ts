import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { causingEventOfCase } from '../../../platform/app/causation.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import { type Reaction, reactionContext } from '../../../platform/messaging/reaction.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import { type AnyPayload, allTopics } from '../../../contracts/topics.ts';
import {
  HISTORY_ORDER_STREAM_TYPE,
  type HistoryOrderEvent,
  type HistoryOrderState,
  type RecordArrivals,
  historyOrderStreamId,
} from '../../domain/history/history-order-decider.ts';
import { isHistoryEntry } from '../history-entry.ts';

/**
 * Gives every event of the four services about a case its place in the case's one history order
 * (domain/history/history-order-decider.ts), recorded on the history's own stream as it arrives:
 * one command, so one event, for a case's events in a batch. No idempotency key: batches differ
 * from one delivery to the next, and the decider itself records an event once.
 */
export function orderCaseHistory(orders: CommandHandler<RecordArrivals, HistoryOrderEvent, HistoryOrderState>, clock: Clock): Reaction<AnyPayload> {
  const record = async (events: readonly EventEnvelope<AnyPayload>[]) => {
    const byCase = Map.groupBy(events.filter(isHistoryEntry), (event) => event.correlationId);
    for (const [caseNumber, arrivals] of byCase) {
      const { context, now } = reactionContext('acceptance', arrivals.at(-1)!, clock);
      await orders.handle({
        streamId: historyOrderStreamId(caseNumber),
        streamType: HISTORY_ORDER_STREAM_TYPE,
        command: {
          type: 'RecordArrivals',
          caseNumber,
          arrivals: arrivals.map((event) => ({ eventId: event.eventId, causeEventId: causingEventOfCase(event.causationId) ?? '' })),
        },
        context,
        now,
      });
    }
  };
  return { name: 'order-case-history', topics: allTopics, react: (event) => record([event]), reactTogether: record };
}
