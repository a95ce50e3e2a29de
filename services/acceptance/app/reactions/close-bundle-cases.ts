import type { Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type AcceptancePayload, acceptanceTopic } from '../../../contracts/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import { BUNDLE_STREAM_TYPE, type BundleCommand, type BundleEvent, type BundleState, bundleStreamId } from '../../domain/bundle/bundle-decider.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';

/** How a case of a bundle ended, if this event ends it. */
function endOf(payload: AcceptancePayload): Outcome | undefined {
  switch (payload.$case) {
    case 'caseConcluded':
      return payload.value.outcome;
    case 'caseRefused':
      return 'OUTCOME_DENIED';
    case 'caseWithdrawn':
      return 'OUTCOME_WITHDRAWN';
    default:
      return undefined;
  }
}

/** 一件事: when one of a bundle's cases ends, the bundle hears of it; the last one concludes it. */
export function closeBundleCases(
  cases: CommandHandler<CaseCommand, CaseEvent, CaseState>,
  bundles: CommandHandler<BundleCommand, BundleEvent, BundleState>,
  clock: Clock,
): Reaction<AcceptancePayload> {
  const name = 'close-bundle-cases';
  return {
    name,
    topics: [acceptanceTopic],
    eventTypes: new Set(['caseConcluded', 'caseRefused', 'caseWithdrawn']),
    async react(event) {
      const outcome = endOf(event.payload);
      if (!outcome) return;
      const { state } = await cases.load(caseStreamId(event.correlationId));
      if (state.status === 'none' || !state.submitted.bundleId) return;
      const { bundleId } = state.submitted;
      const { context, now } = reactionContext('acceptance', event, clock, '');
      await bundles.handle({
        streamId: bundleStreamId(bundleId),
        streamType: BUNDLE_STREAM_TYPE,
        command: { type: 'CloseBundleCase', caseNumber: event.correlationId, outcome, now },
        context,
        now,
        idempotencyKey: reactionKey(name, event),
      });
    },
  };
}
