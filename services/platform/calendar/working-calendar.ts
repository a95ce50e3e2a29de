import type { CalendarOverride, HolidayNotice } from './holiday-notice.ts';
import { addDays, dayOfWeek, yearOf } from '../time/calendar-date.ts';

/** Statutory holidays on fixed dates (全体公民放假的节日), used for years without a notice. */
const FIXED_HOLIDAYS = ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'];

export interface DayCount {
  readonly date: string;
  /** True when a day counted lies in a year without a loaded holiday notice. */
  readonly provisional: boolean;
}

export interface WorkingDaySpan {
  readonly days: number;
  readonly provisional: boolean;
}

/**
 * Working days (工作日) per the Administrative Licensing Law, Art. 82: weekends and statutory
 * holidays do not count, make-up working days do. Periods start the day after the starting day
 * (期间开始之日不计算在内). Years with a national notice are exact; other years are provisional:
 * weekends and the fixed-date holidays only, flagged so that callers show and later recompute them.
 * Local overrides come after the national notice and win over it. Immutable: a changed notice or
 * override makes a new calendar (see CalendarRegistry).
 */
export class WorkingCalendar {
  /** Dates that differ from the weekend rule: true = worked, false = off. */
  readonly #exceptions = new Map<string, boolean>();
  readonly #years = new Set<number>();

  constructor(notices: readonly HolidayNotice[], overrides: readonly CalendarOverride[] = []) {
    for (const notice of notices) {
      this.#apply(notice);
      this.#years.add(notice.year);
    }
    for (const override of overrides) this.#apply(override);
  }

  #apply(days: Pick<HolidayNotice, 'holidays' | 'workdays'>): void {
    for (const { from, to } of days.holidays) {
      for (let date = from; date <= to; date = addDays(date, 1)) this.#exceptions.set(date, false);
    }
    for (const date of days.workdays) this.#exceptions.set(date, true);
  }

  hasNotice(year: number): boolean {
    return this.#years.has(year);
  }

  isWorkingDay(date: string): boolean {
    const exception = this.#exceptions.get(date);
    if (exception !== undefined) return exception;
    if (!this.#years.has(yearOf(date)) && FIXED_HOLIDAYS.includes(date.slice(5))) return false;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
  }

  /** The days off and worked weekend days of a year, as this calendar sees them. */
  exceptionsIn(year: number): { holidays: string[]; workdays: string[] } {
    const holidays: string[] = [];
    const workdays: string[] = [];
    for (let date = `${year}-01-01`; yearOf(date) === year; date = addDays(date, 1)) {
      const weekend = [0, 6].includes(dayOfWeek(date));
      if (!weekend && !this.isWorkingDay(date)) holidays.push(date);
      if (weekend && this.isWorkingDay(date)) workdays.push(date);
    }
    return { holidays, workdays };
  }

  /** The `days`-th working day after `start`; `start` itself when `days` is 0 (即办件). */
  addWorkingDays(start: string, days: number): DayCount {
    let date = start;
    let provisional = false;
    for (let counted = 0; counted < days; ) {
      date = addDays(date, 1);
      provisional ||= !this.#years.has(yearOf(date));
      if (this.isWorkingDay(date)) counted += 1;
    }
    return { date, provisional };
  }

  /**
   * Working days after `from` up to and including `to`; negative when `to` is before `from`
   * (an overdue deadline counts the working days since).
   */
  workingDaysBetween(from: string, to: string): WorkingDaySpan {
    if (to < from) {
      const span = this.workingDaysBetween(to, from);
      return { days: -span.days, provisional: span.provisional };
    }
    let days = 0;
    let provisional = false;
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
      provisional ||= !this.#years.has(yearOf(date));
      if (this.isWorkingDay(date)) days += 1;
    }
    return { days, provisional };
  }
}
