import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { recomputeOnCalendarChange } from '../../../platform/calendar-sync/recompute-on-calendar-change.ts';
import type { Reaction } from '../../../platform/messaging/reaction.ts';
import { acceptanceCalendarEvents } from '../../../contracts/calendar-changes.ts';
import { type AcceptancePayload, acceptanceTopic } from '../../../contracts/topics.ts';
import type { ReadModelWaiter } from '../../../platform/projection/projection-runner.ts';
import type { ReadModelReader, Where } from '../../../platform/readmodel/read-model-store.ts';
import type { EventStore } from '../../../platform/store/event-store.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { ProcessCommand } from '../../domain/process/process-commands.ts';
import { PROCESS_STREAM_TYPE, type ProcessEvent, processStreamId } from '../../domain/process/process-events.ts';
import type { ProcessState } from '../../domain/process/process-state.ts';
import { PROCESSES, type ProcessDocument } from '../projections/approval-views-projection.ts';

/**
 * A changed calendar moves the limits of the running processes it may touch: those with a
 * provisional deadline for a notice; all for an override (a task's office may lie in the
 * jurisdiction while the case does not). A process whose clock stands still is counted when it
 * resumes.
 */
export function recomputeProcessDeadlines(options: {
  processes: CommandHandler<ProcessCommand, ProcessEvent, ProcessState>;
  readModels: ReadModelReader;
  store: Pick<EventStore, 'service' | 'headPosition' | 'readAll'>;
  calendarView: ReadModelWaiter & { readonly shared: boolean };
  processView: ReadModelWaiter;
  clock: Clock;
  /** Loads the stored calendars into the service's registry. */
  reloadCalendars(): Promise<void>;
}): Reaction<AcceptancePayload> {
  return recomputeOnCalendarChange({
    name: 'recompute-process-deadlines',
    service: 'approval',
    clock: options.clock,
    topic: acceptanceTopic,
    calendarEvents: acceptanceCalendarEvents,
    store: options.store,
    calendarView: options.calendarView,
    reloadCalendars: options.reloadCalendars,
    ownView: options.processView,
    async affected(change) {
      const where: Where = change.kind === 'notice' ? { running: true, provisional: true } : { running: true };
      return (await options.readModels.find<ProcessDocument>(PROCESSES, { where })).map((d) => d.id);
    },
    recompute: (caseNumber, reason, { context, now, idempotencyKey }) =>
      options.processes.handle({ streamId: processStreamId(caseNumber), streamType: PROCESS_STREAM_TYPE, command: { type: 'RecomputeDeadlines', reason }, context, now, idempotencyKey }),
  });
}
