import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import type { Reaction } from '../../../platform/messaging/reaction.ts';
import { reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type ApprovalPayload, approvalTopic } from '../../../platform/messaging/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';

/** Approval decides; the case mirrors the conclusion (办结) so every channel sees it in one place. */
export function concludeOnApproval(cases: CommandHandler<CaseCommand, CaseEvent, CaseState>, clock: Clock): Reaction<ApprovalPayload> {
  const name = 'conclude-on-approval';
  return {
    name,
    topics: [approvalTopic],
    async react(event) {
      if (event.payload.$case !== 'processConcluded') return;
      const concluded = event.payload.value;
      const { context, now } = reactionContext('acceptance', event, clock);
      await cases.handle({
        streamId: caseStreamId(concluded.caseNumber),
        streamType: CASE_STREAM_TYPE,
        command: {
          type: 'ConcludeCase',
          outcome: concluded.outcome,
          concludedOn: concluded.concludedOn,
          resultReference: concluded.resultReference,
          reason: concluded.reason,
          now,
        },
        context,
        now,
        idempotencyKey: reactionKey(name, event),
      });
    },
  };
}
