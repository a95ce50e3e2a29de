import type { Process, Task } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import { addDays } from '../../../platform/time/calendar-date.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';

/**
 * Working days left until a deadline, as of today: negative when overdue. While the clock stands
 * still they are frozen at what was left the day before it stopped.
 */
export function workingDaysRemaining(calendars: CalendarRegistry, regionCode: string, deadline: Deadline | undefined, suspendedOn: string, now: Date): number {
  if (!deadline?.date) return 0;
  const asOf = suspendedOn ? addDays(suspendedOn, -1) : chinaDateOf(now);
  return calendars.calendarFor(regionCode).workingDaysBetween(asOf, deadline.date).days;
}

/** A task as read today. */
export function taskAsOfToday(calendars: CalendarRegistry, task: Task, suspendedOn: string, now: Date): Task {
  const open = task.status === 'TASK_STATUS_OPEN' || task.status === 'TASK_STATUS_CLAIMED' || task.status === 'TASK_STATUS_RETURNED';
  return { ...task, workingDaysRemaining: open ? workingDaysRemaining(calendars, task.regionCode, task.due, suspendedOn, now) : 0 };
}

/** A process as read today: each task, and the statutory limit while it runs. */
export function processAsOfToday(calendars: CalendarRegistry, process: Process, handlingRegionCode: string, suspendedOn: string, now: Date): Process {
  const running = process.outcome === 'OUTCOME_UNSPECIFIED';
  return {
    ...process,
    tasks: process.tasks.map((task) => taskAsOfToday(calendars, task, suspendedOn, now)),
    statutoryWorkingDaysRemaining: running ? workingDaysRemaining(calendars, handlingRegionCode, process.statutoryDeadline, suspendedOn, now) : 0,
  };
}
