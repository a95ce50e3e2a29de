import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { AlertDue, DeadlineKind, SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import { addDays } from '../../../platform/time/calendar-date.ts';
import type { WorkingCalendar } from '../../../platform/calendar/working-calendar.ts';

/**
 * The yellow threshold of a limit of `workingDays`: at most the policy's working days left, or
 * the policy's share of the limit elapsed, whichever comes first. 10 days at 2 / 80 %: 2 left;
 * 20 days: 4 left (16 of 20 elapsed).
 */
export function yellowThreshold(workingDays: number, policy: SupervisionPolicy): number {
  const elapsedAllowed = Math.ceil((workingDays * policy.yellowElapsedPercent) / 100);
  return Math.max(policy.yellowWorkingDaysLeft, workingDays - elapsedAllowed);
}

/**
 * The day from which at most `daysLeft` working days remain, that day and the deadline day
 * included: walking back from the deadline over working days only, so holidays in between push
 * the warning earlier.
 */
function dayWithDaysLeft(calendar: WorkingCalendar, deadline: string, daysLeft: number): string {
  let date = deadline;
  for (let counted = 0; ; date = addDays(date, -1)) {
    if (calendar.isWorkingDay(date)) counted += 1;
    if (counted >= daysLeft) return date;
  }
}

/**
 * When a running case's alerts fall due (the promised limit and the statutory one, 行政许可法 Art. 42; thresholds per jurisdiction): for each limit with a date, yellow when
 * the time left drops to the threshold (never before the clock started), red the day after the
 * deadline passed unconcluded. A limit of 0 working days (即办件) gets no yellow: it is due the
 * day it starts.
 */
export function alertSchedule(
  calendar: WorkingCalendar,
  clockStart: string,
  deadlines: Readonly<Record<'promised' | 'statutory', Deadline>>,
  policy: SupervisionPolicy,
): AlertDue[] {
  const kinds: Array<[DeadlineKind, Deadline]> = [
    ['DEADLINE_KIND_PROMISED', deadlines.promised],
    ['DEADLINE_KIND_STATUTORY', deadlines.statutory],
  ];
  return kinds.flatMap(([deadlineKind, deadline]) => limitAlerts(calendar, clockStart, deadlineKind, deadline, policy));
}

/** Yellow and red on one limit: yellow at the threshold (not before `start`), red the day after it passed. */
function limitAlerts(calendar: WorkingCalendar, start: string, deadlineKind: DeadlineKind, deadline: Deadline, policy: SupervisionPolicy): AlertDue[] {
  if (!deadline.date) return [];
  const red: AlertDue = { deadlineKind, level: 'ALERT_LEVEL_RED', dueOn: addDays(deadline.date, 1), deadline };
  const threshold = yellowThreshold(deadline.workingDays, policy);
  if (deadline.workingDays === 0 || threshold === 0) return [red];
  const yellowOn = dayWithDaysLeft(calendar, deadline.date, threshold);
  return [{ deadlineKind, level: 'ALERT_LEVEL_YELLOW', dueOn: yellowOn < start ? start : yellowOn, deadline }, red];
}

/**
 * When a stopped clock's own alerts fall due (DEADLINE_KIND_PAUSE): the pause may last the working
 * days the applicant was told (行政许可法 Art. 45), or the policy's maximum when none was told,
 * counted from its first day; yellow and red then fall as on a limit of that length.
 */
export function pauseAlertSchedule(calendar: WorkingCalendar, since: string, allowedWorkingDays: number, policy: SupervisionPolicy): AlertDue[] {
  const { date, provisional } = calendar.addWorkingDays(addDays(since, -1), allowedWorkingDays);
  const deadline: Deadline = { date, workingDays: allowedWorkingDays, provisional };
  return limitAlerts(calendar, since, 'DEADLINE_KIND_PAUSE', deadline, policy);
}

/** When an approved case's delivery alerts fall due (行政许可法 Art. 44): as on a limit, from the conclusion. */
export function deliveryAlertSchedule(calendar: WorkingCalendar, concludedOn: string, deadline: Deadline, policy: SupervisionPolicy): AlertDue[] {
  return limitAlerts(calendar, concludedOn, 'DEADLINE_KIND_DELIVERY', deadline, policy);
}
