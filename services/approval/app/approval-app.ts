import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { CalendarRegistry } from '../../platform/calendar/calendar-registry.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { ProcessCommand } from '../domain/process/process-commands.ts';
import type { ProcessEvent } from '../domain/process/process-events.ts';
import type { ProcessState } from '../domain/process/process-state.ts';

/** What approval's use cases (commands/, queries/) work with. */
export interface ApprovalApp {
  readonly processes: CommandHandler<ProcessCommand, ProcessEvent, ProcessState>;
  readonly readModels: ReadModelReader;
  /** Inboxes and processes (projections/approval-views-projection.ts). */
  readonly views: ReadModelWaiter;
  readonly calendars: CalendarRegistry;
  readonly clock: Clock;
  /** Longest wait of a query for its consistency token (OW_CONSISTENCY_WAIT_MS). */
  readonly consistencyWaitMs: number;
}
