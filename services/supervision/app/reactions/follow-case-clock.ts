import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type AcceptancePayload, acceptanceTopic } from '../../../platform/messaging/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { ClockCommand, ClockState } from '../../domain/clock/clock-decider.ts';
import { CLOCK_STREAM_TYPE, type ClockEvent, clockStreamId } from '../../domain/clock/clock-events.ts';

const emptyDeadline = { date: '', workingDays: 0, provisional: false };

/**
 * Starts a case's clock at acceptance, follows recomputed deadlines, and stops it at conclusion or
 * withdrawal. All come from the case's own stream on acceptance's topic, under one key, in order.
 */
export function followCaseClock(clocks: CommandHandler<ClockCommand, ClockEvent, ClockState>, clock: Clock): Reaction<AcceptancePayload> {
  const name = 'follow-case-clock';
  const commandFor = (payload: AcceptancePayload): ClockCommand | undefined => {
    switch (payload.$case) {
      case 'caseAccepted':
        return {
          type: 'StartClock',
          caseNumber: payload.value.caseNumber,
          itemCode: payload.value.itemCode,
          handlingRegionCode: payload.value.handlingRegionCode,
          handlingDepartment: payload.value.handlingDepartment,
          acceptedOn: payload.value.acceptedOn,
          statutoryDeadline: payload.value.statutoryDeadline ?? emptyDeadline,
          promisedDeadline: payload.value.promisedDeadline ?? emptyDeadline,
        };
      case 'caseConcluded':
        return { type: 'StopClock', concludedOn: payload.value.concludedOn, outcome: payload.value.outcome };
      case 'caseWithdrawn':
        return payload.value.wasAccepted ? { type: 'StopClock', concludedOn: payload.value.withdrawnOn, outcome: 'OUTCOME_WITHDRAWN' } : undefined;
      case 'caseDeadlinesRecomputed':
        return {
          type: 'UpdateDeadlines',
          statutoryDeadline: payload.value.statutoryDeadline ?? emptyDeadline,
          promisedDeadline: payload.value.promisedDeadline ?? emptyDeadline,
        };
      default:
        return undefined;
    }
  };
  return {
    name,
    topics: [acceptanceTopic],
    async react(event) {
      const command = commandFor(event.payload);
      if (!command) return;
      const { context, now } = reactionContext('supervision', event, clock);
      await clocks.handle({
        streamId: clockStreamId(event.correlationId),
        streamType: CLOCK_STREAM_TYPE,
        command,
        context,
        now,
        idempotencyKey: reactionKey(name, event),
      });
    },
  };
}
