import type { Deadline } from '../../../generated/onewindow/common/v1/outcome.ts';
import { addDays, yearOf } from '../time/calendar-date.ts';
import type { WorkingCalendar } from './working-calendar.ts';

/**
 * A period the clock stood still (特别程序, or a return for supplement): the days from `from` up to
 * but not including `to` do not count; the clock runs again on the day it resumes. So a pause
 * that ends the day it began costs nothing. `to` is "" while it lasts.
 */
export interface Pause {
  readonly from: string;
  readonly to: string;
}

const pausedOn = (date: string, pauses: readonly Pause[]) => pauses.some((p) => date >= p.from && (p.to === '' || date < p.to));

/**
 * A limit of `deadline.workingDays` counted from the day after `start` on the calendar as it now
 * stands, skipping the days the clock stood still (行政许可法 Art. 45: suspended time does not count; on
 * resume the clock goes on with the time that was left). A limit of 0 is `start` itself (即办件);
 * a deadline without a date (no such limit) stays without one. Every pause must have ended.
 */
export function countedDeadline(calendar: WorkingCalendar, start: string, deadline: Deadline, pauses: readonly Pause[]): Deadline {
  if (!deadline.date) return deadline;
  if (pauses.some((p) => p.to === '')) throw new Error('a deadline cannot be counted while the clock stands still');
  let date = start;
  let provisional = false;
  for (let counted = 0; counted < deadline.workingDays; ) {
    date = addDays(date, 1);
    provisional ||= !calendar.hasNotice(yearOf(date));
    if (calendar.isWorkingDay(date) && !pausedOn(date, pauses)) counted += 1;
  }
  return { date, workingDays: deadline.workingDays, provisional };
}

/** Working days after `start` up to and including `until` that counted: none while the clock stood still. */
export function countedWorkingDays(calendar: WorkingCalendar, start: string, pauses: readonly Pause[], until: string): number {
  let used = 0;
  for (let date = addDays(start, 1); date <= until; date = addDays(date, 1)) {
    if (calendar.isWorkingDay(date) && !pausedOn(date, pauses)) used += 1;
  }
  return used;
}

/**
 * Working days of the limit still left at the end of `today`: negative once it has passed. While
 * the clock stands still the count stops, so the days left are frozen at their value the day
 * before the pause began.
 */
export function workingDaysLeft(calendar: WorkingCalendar, start: string, workingDays: number, pauses: readonly Pause[], today: string): number {
  return workingDays - countedWorkingDays(calendar, start, pauses, today);
}
