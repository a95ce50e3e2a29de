import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type SupervisionPayload, supervisionTopic } from '../../../contracts/topics.ts';
import type { ReadModelWaiter } from '../../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { WatchCommand } from '../../domain/watch/watch-commands.ts';
import { WATCH_STREAM_TYPE, type WatchEvent, watchStreamId } from '../../domain/watch/watch-events.ts';
import type { WatchState } from '../../domain/watch/watch-state.ts';
import type { PolicyLookup } from '../policy-lookup.ts';
import { WATCHES, type WatchDocument } from '../projections/supervision-documents.ts';

const CATCH_UP_MS = 60_000;

/**
 * A jurisdiction's new thresholds apply to its running cases at once: each schedules its alerts
 * again under the policy that now applies to it (a region below may have its own).
 */
export function rescheduleOnPolicy(options: {
  watches: CommandHandler<WatchCommand, WatchEvent, WatchState>;
  readModels: ReadModelReader;
  views: ReadModelWaiter;
  policyFor: PolicyLookup;
  clock: Clock;
}): Reaction<SupervisionPayload> {
  const name = 'reschedule-on-policy';
  return {
    name,
    topics: [supervisionTopic],
    eventTypes: new Set(['supervisionPolicySet']),
    async react(event) {
      if (event.payload.$case !== 'supervisionPolicySet' || !event.payload.value.policy) return;
      // The policy lookup reads the views: they must hold this policy first.
      await options.views.waitFor({ service: 'supervision', streamId: event.streamId, version: event.version }, CATCH_UP_MS);
      // Running cases schedule their deadlines' alerts under it, paused ones their pause's.
      const where = { status: { in: ['running', 'paused'] }, handlingRegionCode: { prefix: subtreePrefix(event.payload.value.policy.regionCode) } };
      for (const watch of await options.readModels.find<WatchDocument>(WATCHES, { where })) {
        const { context, now } = reactionContext('supervision', event, options.clock, watch.id);
        await options.watches.handle({
          streamId: watchStreamId(watch.id),
          streamType: WATCH_STREAM_TYPE,
          command: { type: 'Reschedule', policy: await options.policyFor(watch.handlingRegionCode), now },
          context,
          now,
          idempotencyKey: `${reactionKey(name, event)}:${watch.id}`,
        });
      }
    },
  };
}
