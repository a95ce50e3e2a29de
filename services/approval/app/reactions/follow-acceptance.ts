import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type AcceptancePayload, acceptanceTopic } from '../../../contracts/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { ProcessCommand } from '../../domain/process/process-commands.ts';
import { PROCESS_STREAM_TYPE, type ProcessEvent, processStreamId } from '../../domain/process/process-events.ts';
import type { ProcessState } from '../../domain/process/process-state.ts';
import { planOfWorkflow, plannedResultOf } from '../plan-of-workflow.ts';

/**
 * An accepted case goes to the back office: its approval process starts (前台受理、后台审批); a
 * withdrawn one leaves it; materials the back office asked for restart its clock. All come from
 * the case's stream, in order.
 */
export function followAcceptance(processes: CommandHandler<ProcessCommand, ProcessEvent, ProcessState>, clock: Clock): Reaction<AcceptancePayload> {
  const name = 'follow-acceptance';
  return {
    name,
    topics: [acceptanceTopic],
    eventTypes: new Set(['caseWithdrawn', 'approvalSupplementSupplied', 'caseAccepted']),
    async react(event) {
      if (event.payload.$case === 'caseWithdrawn' && event.payload.value.wasAccepted) {
        const { context, now } = reactionContext('approval', event, clock);
        await processes.handle({
          streamId: processStreamId(event.payload.value.caseNumber),
          streamType: PROCESS_STREAM_TYPE,
          command: { type: 'WithdrawProcess', reason: event.payload.value.reason, withdrawnOn: event.payload.value.withdrawnOn },
          context,
          now,
          idempotencyKey: reactionKey(name, event),
        });
        return;
      }
      if (event.payload.$case === 'approvalSupplementSupplied') {
        const { context, now } = reactionContext('approval', event, clock);
        await processes.handle({
          streamId: processStreamId(event.payload.value.caseNumber),
          streamType: PROCESS_STREAM_TYPE,
          command: { type: 'ResumeClock', taskId: event.payload.value.taskId, arrivedOn: event.payload.value.suppliedOn, result: '申请人已补正材料', now },
          context,
          now,
          idempotencyKey: reactionKey(name, event),
        });
        return;
      }
      if (event.payload.$case !== 'caseAccepted') return;
      const accepted = event.payload.value;
      const { context, now } = reactionContext('approval', event, clock);
      await processes.handle({
        streamId: processStreamId(accepted.caseNumber),
        streamType: PROCESS_STREAM_TYPE,
        command: {
          type: 'StartProcess',
          caseNumber: accepted.caseNumber,
          itemCode: accepted.itemCode,
          itemVersion: accepted.itemVersion,
          itemName: accepted.itemName,
          acceptedOn: accepted.acceptedOn,
          statutoryDeadline: accepted.statutoryDeadline ?? { date: '', workingDays: 0, provisional: false },
          promisedDeadline: accepted.promisedDeadline ?? { date: '', workingDays: 0, provisional: false },
          plan: planOfWorkflow(accepted.workflow),
          handlingRegionCode: accepted.handlingRegionCode,
          result: plannedResultOf(accepted.result),
          applicantSubject: accepted.applicantSubject,
          applicantPhone: accepted.applicantPhone,
          materialCodes: accepted.materialCodes,
          handlingDepartment: accepted.handlingDepartment,
          now,
        },
        context,
        now,
        idempotencyKey: reactionKey(name, event),
      });
    },
  };
}
