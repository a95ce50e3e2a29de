import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type AcceptancePayload, acceptanceTopic } from '../../../contracts/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { WatchCommand } from '../../domain/watch/watch-commands.ts';
import { WATCH_STREAM_TYPE, type WatchEvent, watchStreamId } from '../../domain/watch/watch-events.ts';
import type { WatchState } from '../../domain/watch/watch-state.ts';
import type { PolicyLookup } from '../policy-lookup.ts';

const noDeadline: Deadline = { date: '', workingDays: 0, provisional: false };

/**
 * Supervision watches every case from acceptance's case events, which come in order on one key:
 * the receipt, the acceptance, every move of the deadlines, approval's clock standing still and
 * running again (acceptance mirrors it onto the case), the end and the result's delivery; and every counter act, a visit
 * to a hall that may be rated on site.
 */
export const FOLLOW_CASES = 'follow-cases';

export function followCases(watches: CommandHandler<WatchCommand, WatchEvent, WatchState>, policyFor: PolicyLookup, clock: Clock): Reaction<AcceptancePayload> {
  const name = FOLLOW_CASES;

  const commandFor = async (event: EventEnvelope<AcceptancePayload>, regionOf: () => Promise<string>): Promise<WatchCommand | undefined> => {
    const payload = event.payload;
    const policy = async () => policyFor(await regionOf());
    switch (payload.$case) {
      case 'caseSubmitted': {
        const s = payload.value;
        return {
          type: 'ReceiveCase',
          received: {
            caseNumber: s.caseNumber, itemCode: s.itemCode, itemName: s.itemName, handlingRegionCode: s.handlingRegionCode, submittedRegionCode: s.submittedRegionCode,
            handlingDepartment: s.handlingDepartment, hallId: event.actor.hallId, windowId: event.actor.windowId, channel: s.channel,
            applicantSubject: s.applicantSubject, receivedOn: s.receivedOn, applicantPhone: s.applicant?.phone ?? '',
          },
        };
      }
      case 'caseRefused':
        return { type: 'CloseUnaccepted', ending: 'CASE_ENDING_REFUSED', closedOn: payload.value.refusedOn };
      case 'caseAccepted':
        return {
          type: 'StartClock',
          acceptedOn: payload.value.acceptedOn,
          statutoryDeadline: payload.value.statutoryDeadline ?? noDeadline,
          promisedDeadline: payload.value.promisedDeadline ?? noDeadline,
          policy: await policy(),
        };
      case 'caseDeadlinesRecomputed':
        return {
          type: 'UpdateDeadlines',
          statutoryDeadline: payload.value.statutoryDeadline ?? noDeadline,
          promisedDeadline: payload.value.promisedDeadline ?? noDeadline,
          ...(payload.value.deliveryDeadline ? { deliveryDeadline: payload.value.deliveryDeadline } : {}),
          policy: await policy(),
          // The day the deadlines moved, however late supervision reads it.
          now: new Date(event.occurredAt),
        };
      case 'caseSuspended':
        return { type: 'PauseClock', kind: payload.value.kind, since: payload.value.since, expectedWorkingDays: payload.value.expectedWorkingDays, policy: await policy() };
      case 'caseResumed':
        return {
          type: 'ResumeClock',
          resumedOn: payload.value.resumedOn,
          statutoryDeadline: payload.value.statutoryDeadline ?? noDeadline,
          promisedDeadline: payload.value.promisedDeadline ?? noDeadline,
          policy: await policy(),
        };
      case 'caseConcluded':
        return {
          type: 'StopClock',
          concludedOn: payload.value.concludedOn,
          outcome: payload.value.outcome,
          policy: await policy(),
          ...(payload.value.deliveryDeadline ? { deliveryDeadline: payload.value.deliveryDeadline } : {}),
        };
      case 'resultDelivered':
        return { type: 'RecordDelivery', deliveredOn: payload.value.deliveredOn };
      case 'caseWithdrawn':
        return payload.value.wasAccepted
          ? { type: 'StopClock', concludedOn: payload.value.withdrawnOn, outcome: 'OUTCOME_WITHDRAWN', policy: await policy() }
          : { type: 'CloseUnaccepted', ending: 'CASE_ENDING_WITHDRAWN', closedOn: payload.value.withdrawnOn };
      default:
        return undefined;
    }
  };

  return {
    name,
    topics: [acceptanceTopic],
    async react(event) {
      if (!event.correlationId) return;
      const streamId = watchStreamId(event.correlationId);
      const regionOf = async () => {
        const { state } = await watches.load(streamId);
        return state.status === 'none' ? '' : state.received.handlingRegionCode;
      };
      const { context, now } = reactionContext('supervision', event, clock);
      const command = await commandFor(event, regionOf);
      if (command) await watches.handle({ streamId, streamType: WATCH_STREAM_TYPE, command, context, now, idempotencyKey: reactionKey(name, event) });
      // A counter act (a clerk at a hall's window) is a visit the applicant may rate on site.
      const { actor } = event;
      if (actor.hallId && actor.role === 'ROLE_CLERK') {
        const visit: WatchCommand = { type: 'RecordVisit', hallId: actor.hallId, windowId: actor.windowId, staffSubject: actor.subject, now: new Date(event.occurredAt) };
        await watches.handle({ streamId, streamType: WATCH_STREAM_TYPE, command: visit, context, now, idempotencyKey: `${reactionKey(name, event)}:visit` });
      }
    },
  };
}
