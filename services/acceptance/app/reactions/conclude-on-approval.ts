import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type ApprovalPayload, approvalTopic } from '../../../platform/messaging/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';
import type { CatalogLookup } from '../catalog-lookup.ts';

/** Approval decides; the case mirrors the conclusion (办结) so every channel sees it in one place. */
export function concludeOnApproval(cases: CommandHandler<CaseCommand, CaseEvent, CaseState>, catalog: CatalogLookup, clock: Clock): Reaction<ApprovalPayload> {
  const name = 'conclude-on-approval';
  return {
    name,
    topics: [approvalTopic],
    async react(event) {
      if (event.payload.$case !== 'processConcluded') return;
      const concluded = event.payload.value;
      const streamId = caseStreamId(concluded.caseNumber);
      const { state } = await cases.load(streamId);
      if (state.status === 'none') throw new Error(`approval concluded ${concluded.caseNumber}, which acceptance does not know`);
      const item = await catalog.item(state.submitted.itemCode, state.submitted.itemVersion);
      const { context, now } = reactionContext('acceptance', event, clock);
      await cases.handle({
        streamId,
        streamType: CASE_STREAM_TYPE,
        command: {
          type: 'ConcludeCase',
          item,
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
