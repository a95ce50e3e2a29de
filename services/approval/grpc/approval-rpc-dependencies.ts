import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { CalendarRegistry } from '../../platform/calendar/calendar-registry.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { ProcessCommand } from '../domain/process/process-commands.ts';
import type { ProcessEvent } from '../domain/process/process-events.ts';
import type { ProcessState } from '../domain/process/process-state.ts';

/** What approval's RPC handlers work with. */
export interface ApprovalRpcDependencies {
  readonly processes: CommandHandler<ProcessCommand, ProcessEvent, ProcessState>;
  readonly readModels: ReadModelReader;
  readonly views: ReadModelWaiter;
  readonly calendars: CalendarRegistry;
  readonly clock: Clock;
  readonly consistencyWaitMs: number;
}
