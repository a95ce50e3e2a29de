import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { recomputeOnCalendarChange } from '../../../platform/calendar-sync/recompute-on-calendar-change.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { Reaction } from '../../../platform/messaging/reaction.ts';
import { acceptanceCalendarEvents } from '../../../contracts/calendar-changes.ts';
import { type AcceptancePayload, acceptanceTopic } from '../../../contracts/topics.ts';
import type { ReadModelWaiter } from '../../../platform/projection/projection-runner.ts';
import type { ReadModelReader, Where } from '../../../platform/readmodel/read-model-store.ts';
import type { EventStore } from '../../../platform/store/event-store.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';

/** Cases whose deadlines still run: accepted, or concluded with the result not yet handed over. */
const OPEN = { in: ['CASE_STATUS_ACCEPTED', 'CASE_STATUS_CONCLUDED'] };

/**
 * A changed calendar moves acceptance's own deadlines (容缺 catch-up, delivery) of the open cases it
 * may touch: provisional ones for a notice, those handled in the jurisdiction for an override.
 * Approval recomputes the statutory and promised ones, which the case mirrors.
 */
export function recomputeDeadlines(options: {
  cases: CommandHandler<CaseCommand, CaseEvent, CaseState>;
  readModels: ReadModelReader;
  store: Pick<EventStore, 'service' | 'headPosition' | 'readAll'>;
  calendarView: ReadModelWaiter & { readonly shared: boolean };
  caseView: ReadModelWaiter;
  clock: Clock;
  /** Loads the stored calendars into the service's registry. */
  reloadCalendars(): Promise<void>;
}): Reaction<AcceptancePayload> {
  return recomputeOnCalendarChange({
    name: 'recompute-deadlines',
    service: 'acceptance',
    clock: options.clock,
    topic: acceptanceTopic,
    calendarEvents: acceptanceCalendarEvents,
    store: options.store,
    calendarView: options.calendarView,
    reloadCalendars: options.reloadCalendars,
    ownView: options.caseView,
    async affected(change) {
      const where: Where =
        change.kind === 'notice' ? { status: OPEN, provisional: true } : { status: OPEN, handlingRegionCode: { prefix: subtreePrefix(change.override.regionCode) } };
      return (await options.readModels.find<CaseDocument>(CASES, { where })).map((d) => d.id);
    },
    recompute: (caseNumber, reason, { context, now, idempotencyKey }) =>
      options.cases.handle({ streamId: caseStreamId(caseNumber), streamType: CASE_STREAM_TYPE, command: { type: 'RecomputeDeadlines', reason, now }, context, now, idempotencyKey }),
  });
}
