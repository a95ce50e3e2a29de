import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { causingEventOfCase } from '../../../platform/app/causation.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import { type AnyPayload, allTopics } from '../../../contracts/topics.ts';
import {
  HISTORY_ORDER_STREAM_TYPE,
  type HistoryOrderEvent,
  type HistoryOrderState,
  type RecordArrival,
  historyOrderStreamId,
} from '../../domain/history/history-order-decider.ts';
import { isHistoryEntry } from '../history-entry.ts';

/**
 * Gives every event of the four services about a case its place in the case's one history order
 * (domain/history/history-order-decider.ts), recorded on the history's own stream as it arrives.
 */
export function orderCaseHistory(orders: CommandHandler<RecordArrival, HistoryOrderEvent, HistoryOrderState>, clock: Clock): Reaction<AnyPayload> {
  const name = 'order-case-history';
  return {
    name,
    topics: allTopics,
    async react(event) {
      if (!isHistoryEntry(event)) return;
      const caseNumber = event.correlationId;
      const causeEventId = causingEventOfCase(event.causationId);
      const { context, now } = reactionContext('acceptance', event, clock);
      await orders.handle({
        streamId: historyOrderStreamId(caseNumber),
        streamType: HISTORY_ORDER_STREAM_TYPE,
        command: { type: 'RecordArrival', caseNumber, eventId: event.eventId, ...(causeEventId ? { causeEventId } : {}) },
        context,
        now,
        idempotencyKey: reactionKey(name, event),
      });
    },
  };
}
