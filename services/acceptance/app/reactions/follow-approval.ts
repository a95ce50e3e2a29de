import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type ApprovalPayload, approvalTopic } from '../../../contracts/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';
import type { CatalogLookup } from '../catalog-lookup.ts';

const noDeadline: Deadline = { date: '', workingDays: 0, provisional: false };

const mirrored = new Set<ApprovalPayload['$case']>(['processConcluded', 'clockSuspended', 'processStarted', 'clockResumed', 'deadlineExtended', 'processDeadlinesRecomputed']);

/**
 * The back office acts; the case mirrors it so every channel sees it in one place: the conclusion
 * (办结), a return for materials (退回补正), and the statutory and promised deadlines as
 * approval's clock moves them.
 */
export function followApproval(cases: CommandHandler<CaseCommand, CaseEvent, CaseState>, catalog: CatalogLookup, clock: Clock): Reaction<ApprovalPayload> {
  const name = 'follow-approval';

  const commandFor = async (event: EventEnvelope<ApprovalPayload>, state: CaseState, now: Date): Promise<CaseCommand | undefined> => {
    if (state.status === 'none') throw new Error(`approval acted on ${event.correlationId}, which acceptance does not know`);
    const item = () => catalog.item(state.submitted.itemCode, state.submitted.itemVersion);
    const mirror = (value: { statutoryDeadline?: Deadline | undefined; promisedDeadline?: Deadline | undefined }, reason: string): CaseCommand | undefined =>
      state.accepted
        ? {
            type: 'MirrorDeadlines',
            statutoryDeadline: value.statutoryDeadline ?? noDeadline,
            promisedDeadline: value.promisedDeadline ?? state.accepted.promisedDeadline ?? noDeadline,
            reason,
          }
        : undefined;
    const payload = event.payload;
    switch (payload.$case) {
      case 'processConcluded': {
        const { outcome, concludedOn, resultReference, reason } = payload.value;
        return { type: 'ConcludeCase', item: await item(), outcome, concludedOn, resultReference, reason, now };
      }
      case 'clockSuspended': {
        const { taskId, kind, suspendedOn, reason, legalBasis, expectedWorkingDays, materialCodes } = payload.value;
        return { type: 'MirrorSuspension', item: await item(), taskId, kind, since: suspendedOn, reason, legalBasis, expectedWorkingDays, materialCodes };
      }
      case 'processStarted':
        return mirror(payload.value, '审批按其日历计算期限');
      case 'clockResumed': {
        const { resumedOn, statutoryDeadline, promisedDeadline, result } = payload.value;
        return { type: 'MirrorResumption', resumedOn, statutoryDeadline: statutoryDeadline ?? noDeadline, promisedDeadline: promisedDeadline ?? noDeadline, result };
      }
      case 'deadlineExtended':
        return mirror({ statutoryDeadline: payload.value.statutoryDeadline }, `延长审批期限 ${payload.value.workingDays} 个工作日`);
      case 'processDeadlinesRecomputed':
        return mirror(payload.value, payload.value.reason);
      default:
        return undefined;
    }
  };

  return {
    name,
    topics: [approvalTopic],
    eventTypes: mirrored,
    async react(event) {
      if (!mirrored.has(event.payload.$case)) return;
      const streamId = caseStreamId(event.correlationId);
      const { context, now } = reactionContext('acceptance', event, clock);
      const command = await commandFor(event, (await cases.load(streamId)).state, now);
      if (!command) return;
      await cases.handle({ streamId, streamType: CASE_STREAM_TYPE, command, context, now, idempotencyKey: reactionKey(name, event) });
    },
  };
}
