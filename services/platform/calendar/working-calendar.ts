import { addDays, dayOfWeek, yearOf } from './calendar-date.ts';
import type { HolidayNotice } from './holiday-notices.ts';

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
 * (期间开始之日不计算在内). Years with a notice are exact; other years are provisional: weekends and
 * the fixed-date holidays only, flagged so that callers show and later recompute them.
 */
export class WorkingCalendar {
  readonly #holidays = new Set<string>();
  readonly #workdays = new Set<string>();
  readonly #years = new Set<number>();

  constructor(notices: readonly HolidayNotice[]) {
    for (const notice of notices) this.load(notice);
  }

  /** Loads (or replaces) a year's notice. */
  load(notice: HolidayNotice): void {
    for (const date of [...this.#holidays, ...this.#workdays]) {
      if (yearOf(date) === notice.year) {
        this.#holidays.delete(date);
        this.#workdays.delete(date);
      }
    }
    for (const [from, to] of notice.holidays) {
      for (let date = from; date <= to; date = addDays(date, 1)) this.#holidays.add(date);
    }
    for (const date of notice.workdays) this.#workdays.add(date);
    this.#years.add(notice.year);
  }

  hasNotice(year: number): boolean {
    return this.#years.has(year);
  }

  isWorkingDay(date: string): boolean {
    if (this.#years.has(yearOf(date))) {
      if (this.#workdays.has(date)) return true;
      if (this.#holidays.has(date)) return false;
    } else if (FIXED_HOLIDAYS.includes(date.slice(5))) {
      return false;
    }
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
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
