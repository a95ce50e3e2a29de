import type { TaskDue } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import { addDays } from '../../../platform/time/calendar-date.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { FailedPreconditionError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import { type Pause, countedDeadline, workingDaysLeft } from '../../../platform/calendar/legal-clock.ts';
import { type RunningProcess, assertClockRuns, findTask, heldCurrentTask, running, taskFor } from './process-access.ts';
import type { ExtendDeadline, RecomputeDeadlines, ResumeClock, SuspendClock } from './process-commands.ts';
import type { ProcessEvent } from './process-events.ts';
import type { ProcessState, StartedProcess } from './process-state.ts';

/** 行政许可法 Art. 42: one extension of 10 working days, 15 for joint handling (统一、联合、集中办理). */
export const extensionWorkingDays = (jointHandling: boolean) => (jointHandling ? 15 : 10);

const isActive = (status: string) => status === 'open' || status === 'claimed' || status === 'returned';

const sameDeadline = (a: Deadline, b: Deadline | undefined) => a.date === b?.date && a.workingDays === b.workingDays && a.provisional === b.provisional;

/** The case's legal clock: stopping it, running it again, the one extension, a changed calendar. */
export function processClockRules(calendars: CalendarRegistry) {
  const caseCalendar = (process: StartedProcess) => calendars.calendarFor(process.handlingRegionCode);

  /** Every limit of the process counted again, over these pauses, on the calendar as it now stands. */
  const countAll = (process: StartedProcess, pauses: readonly Pause[]) => ({
    statutoryDeadline: countedDeadline(caseCalendar(process), process.clock.acceptedOn, process.clock.statutory, pauses),
    promisedDeadline: countedDeadline(caseCalendar(process), process.clock.acceptedOn, process.clock.promised, pauses),
    taskDues: [...process.tasks.values()]
      .filter((task) => isActive(task.status))
      .map((task): TaskDue => ({ taskId: task.taskId, due: countedDeadline(calendars.calendarFor(task.regionCode), task.openedOn, task.due, pauses) })),
  });

  /** Stopping the clock is lawful only while the statutory limit still runs. */
  const assertWithinLimit = (process: RunningProcess, today: string, what: string) => {
    const { statutory } = process.clock;
    if (statutory.date && today > statutory.date) throw new FailedPreconditionError(`the statutory limit passed on ${statutory.date}: ${what}`);
  };

  /** The clock stops (a return for supplement, or 特别程序 kind 2) from today on. */
  const suspension = (
    process: RunningProcess,
    details: { taskId: string; kind: SuspensionKind; reason: string; legalBasis: string; expectedWorkingDays: number; materialCodes: readonly string[] },
    department: string,
    now: Date,
  ): ProcessEvent => {
    const today = chinaDateOf(now);
    assertWithinLimit(process, today, 'the clock can no longer be stopped');
    const yesterday = addDays(today, -1);
    const left = (deadline: Deadline) => (deadline.date ? workingDaysLeft(caseCalendar(process), process.clock.acceptedOn, deadline.workingDays, process.clock.pauses, yesterday) : 0);
    return {
      $case: 'clockSuspended',
      value: {
        caseNumber: process.caseNumber,
        taskId: details.taskId,
        kind: details.kind,
        reason: details.reason,
        legalBasis: details.legalBasis,
        expectedWorkingDays: details.expectedWorkingDays,
        suspendedOn: today,
        statutoryWorkingDaysLeft: left(process.clock.statutory),
        promisedWorkingDaysLeft: left(process.clock.promised),
        materialCodes: [...details.materialCodes],
        department,
        itemName: process.itemName,
        applicantSubject: process.applicant.subject,
        applicantPhone: process.applicant.phone,
      },
    };
  };

  /** The clock runs again from `on`, every limit counted over the pause now ended. */
  const resumption = (process: StartedProcess, on: string, result: string): ProcessEvent => {
    const suspension = process.clock.suspension!;
    const pauses = process.clock.pauses.map((p) => (p.to === '' ? { ...p, to: on } : p));
    return {
      $case: 'clockResumed',
      value: { caseNumber: process.caseNumber, taskId: suspension.taskId, kind: suspension.kind, resumedOn: on, result, ...countAll(process, pauses) },
    };
  };

  return {
    suspension,
    resumption,

    suspend(command: SuspendClock, state: ProcessState): ProcessEvent[] {
      const { process, task } = heldCurrentTask(state, command.taskId, command.approver);
      assertClockRuns(process);
      const violations = [
        ...(command.kind === 'SUSPENSION_KIND_UNSPECIFIED' || command.kind === 'SUSPENSION_KIND_SUPPLEMENT'
          ? [{ field: 'kind', description: 'must be a special procedure (hearing, inspection, testing, …); a supplement is a return (DecideTask)' }]
          : []),
        ...(command.reason.trim() ? [] : [{ field: 'reason', description: 'is required: the applicant is told why' }]),
        ...(command.legalBasis.trim() ? [] : [{ field: 'legal_basis', description: 'is required: the law and article that provide for the procedure' }]),
        ...(command.expectedWorkingDays >= 1 && command.expectedWorkingDays <= 250
          ? []
          : [{ field: 'expected_working_days', description: 'must be from 1 to 250: the applicant is told how long it takes' }]),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [suspension(process, { ...command, materialCodes: [] }, task.department, command.now)];
    },

    resume(command: ResumeClock, state: ProcessState): ProcessEvent[] {
      const process = state.status === 'none' ? undefined : state;
      const current = process?.clock.suspension;
      if (!command.approver) {
        // The applicant's materials arrived: resume only the wait they end, once.
        if (process?.status !== 'running' || current?.kind !== 'SUSPENSION_KIND_SUPPLEMENT' || current.taskId !== command.taskId) return [];
      } else {
        const { process: checked } = taskFor(state, command.taskId, command.approver);
        const suspension = checked.clock.suspension;
        if (!suspension) throw new FailedPreconditionError('the clock is running');
        if (suspension.taskId !== command.taskId) throw new FailedPreconditionError(`the clock was stopped from task ${suspension.taskId}: resume it there`);
        if (suspension.kind === 'SUSPENSION_KIND_SUPPLEMENT') {
          throw new FailedPreconditionError('the case waits for the applicant\'s materials: the clock runs again when they arrive, or the applicant withdraws');
        }
        if (!command.result.trim()) throw ValidationError.field('result', 'is required: what came of the procedure');
      }
      const resumed = running(findTask(state, command.taskId).process);
      const since = resumed.clock.suspension!.since;
      const arrived = command.arrivedOn ?? chinaDateOf(command.now);
      const today = arrived < since ? since : arrived;
      return [resumption(resumed, today, command.result)];
    },

    extend(command: ExtendDeadline, state: ProcessState): ProcessEvent[] {
      const { process, task } = heldCurrentTask(state, command.taskId, command.approver);
      if (task.department !== process.handlingDepartment) {
        throw new PermissionDeniedError(`the extension is asked for by the department that decides the case (${process.handlingDepartment})`);
      }
      const violations = [
        ...(command.reason.trim() ? [] : [{ field: 'reason', description: 'is required: the applicant is told why' }]),
        ...(command.approvedBy.trim() ? [] : [{ field: 'approved_by', description: 'is required: the agency head who approved the extension' }]),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      const { clock } = process;
      if (clock.extended) throw new FailedPreconditionError('the statutory limit was extended once already: the law allows one extension');
      if (!clock.statutory.date) throw new FailedPreconditionError('the item has no statutory limit to extend');
      assertClockRuns(process);
      const today = chinaDateOf(command.now);
      assertWithinLimit(process, today, 'an extension must be decided within the limit');
      const days = extensionWorkingDays(process.plan.jointHandling);
      const statutoryDeadline = countedDeadline(caseCalendar(process), clock.acceptedOn, { ...clock.statutory, workingDays: clock.statutory.workingDays + days }, clock.pauses);
      return [
        {
          $case: 'deadlineExtended',
          value: {
            caseNumber: process.caseNumber,
            taskId: command.taskId,
            workingDays: days,
            reason: command.reason,
            approvedBy: command.approvedBy,
            requestedBy: command.approver.subject,
            extendedOn: today,
            statutoryDeadline,
            itemName: process.itemName,
            applicantSubject: process.applicant.subject,
            applicantPhone: process.applicant.phone,
          },
        },
      ];
    },

    /** Nothing while the clock stands still: resuming counts everything on the calendar of that day. */
    recompute(command: RecomputeDeadlines, state: ProcessState): ProcessEvent[] {
      if (state.status !== 'running' || state.clock.suspension) return [];
      const counted = countAll(state, state.clock.pauses);
      const unchanged =
        sameDeadline(state.clock.statutory, counted.statutoryDeadline) &&
        sameDeadline(state.clock.promised, counted.promisedDeadline) &&
        counted.taskDues.every(({ taskId, due }) => sameDeadline(state.tasks.get(taskId)!.due, due));
      if (unchanged) return [];
      return [{ $case: 'processDeadlinesRecomputed', value: { caseNumber: state.caseNumber, ...counted, reason: command.reason } }];
    },
  };
}
