import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import { type Reaction, reactionContext, reactionKey } from '../../../platform/messaging/reaction.ts';
import { type AcceptancePayload, acceptanceTopic } from '../../../platform/messaging/topics.ts';
import type { ReadModelWaiter } from '../../../platform/projection/projection-runner.ts';
import type { ReadModelReader, Where } from '../../../platform/readmodel/read-model-store.ts';
import type { EventStore } from '../../../platform/store/event-store.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';
import type { CatalogLookup } from '../catalog-lookup.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';

/** Read models must have seen the calendar change before the cases it touches are looked up. */
const CATCH_UP_MS = 60_000;

/** Cases whose deadlines still run: accepted, or concluded with the result not yet handed over. */
const OPEN = { in: ['CASE_STATUS_ACCEPTED', 'CASE_STATUS_CONCLUDED'] };

/**
 * When a year's notice or a jurisdiction's override is loaded, every open case it may touch has
 * its deadlines computed again (DOMAIN §2): provisional ones for a notice, those handled in the
 * jurisdiction for an override. A case whose deadlines did not move records nothing.
 *
 * Order matters: first the calendar must hold the change (so commands decided from now on use
 * it), then the case view must hold everything stored up to now (so a case accepted on the old
 * calendar just before is found).
 */
export function recomputeDeadlines(options: {
  cases: CommandHandler<CaseCommand, CaseEvent, CaseState>;
  catalog: CatalogLookup;
  readModels: ReadModelReader;
  store: Pick<EventStore, 'headPosition' | 'readAll'>;
  calendarView: ReadModelWaiter;
  caseView: ReadModelWaiter;
  clock: Clock;
}): Reaction<AcceptancePayload> {
  const name = 'recompute-deadlines';
  const scopeOf = (payload: AcceptancePayload): Where | undefined => {
    if (payload.$case === 'holidayNoticeLoaded') return { status: OPEN, provisional: true };
    if (payload.$case === 'calendarOverrideSet' && payload.value.override) {
      return { status: OPEN, handlingRegionCode: { prefix: subtreePrefix(payload.value.override.regionCode) } };
    }
    return undefined;
  };
  const caseViewCaughtUp = async () => {
    const [head] = await options.store.readAll((await options.store.headPosition()) - 1, 1);
    if (head) await options.caseView.waitFor({ service: 'acceptance', streamId: head.streamId, version: head.version }, CATCH_UP_MS);
  };
  return {
    name,
    topics: [acceptanceTopic],
    async react(event) {
      const where = scopeOf(event.payload);
      if (!where) return;
      await options.calendarView.waitFor({ service: 'acceptance', streamId: event.streamId, version: event.version }, CATCH_UP_MS);
      await caseViewCaughtUp();
      const reason = event.payload.$case === 'holidayNoticeLoaded' ? `${event.payload.value.notice?.year} 年节假日安排载入` : '地方工作日调整';
      for (const open of await options.readModels.find<CaseDocument>(CASES, { where })) {
        const { context, now } = reactionContext('acceptance', event, options.clock, open.id);
        await options.cases.handle({
          streamId: caseStreamId(open.id),
          streamType: CASE_STREAM_TYPE,
          command: { type: 'RecomputeDeadlines', item: await options.catalog.item(open.itemCode, open.itemVersion), reason, now },
          context,
          now,
          idempotencyKey: `${reactionKey(name, event)}:${open.id}`,
        });
      }
    },
  };
}
