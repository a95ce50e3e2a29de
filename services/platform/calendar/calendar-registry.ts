import type { CalendarOverride, HolidayNotice } from './holiday-notice.ts';
import { isWithin } from '../codes/region-code.ts';
import { WorkingCalendar } from './working-calendar.ts';

/**
 * The working-day calendars of every jurisdiction: the national notices plus each region's
 * overrides, which apply to the region's subtree, broader regions first so that the more local
 * rule wins. Notices and overrides arrive as acceptance's events; each service keeps one registry
 * in step with them (calendar-projection.ts). Calendars are rebuilt lazily after a change.
 */
export class CalendarRegistry {
  readonly #notices = new Map<number, HolidayNotice>();
  readonly #overrides = new Map<string, CalendarOverride>();
  readonly #cache = new Map<string, WorkingCalendar>();

  constructor(notices: readonly HolidayNotice[] = []) {
    for (const notice of notices) this.#notices.set(notice.year, notice);
  }

  loadNotice(notice: HolidayNotice): void {
    this.#notices.set(notice.year, notice);
    this.#cache.clear();
  }

  setOverride(override: CalendarOverride): void {
    this.#overrides.set(`${override.regionCode}:${override.year}`, override);
    this.#cache.clear();
  }

  hasNotice(year: number): boolean {
    return this.#notices.has(year);
  }

  /** The calendar of the national notices alone. */
  national(): WorkingCalendar {
    return this.calendarFor('');
  }

  /** The calendar in force in a region: national, then the overrides of the region's ancestors. */
  calendarFor(regionCode: string): WorkingCalendar {
    let calendar = this.#cache.get(regionCode);
    if (!calendar) {
      const overrides = [...this.#overrides.values()]
        .filter((o) => regionCode !== '' && isWithin(regionCode, o.regionCode))
        .sort((a, b) => a.regionCode.length - b.regionCode.length || a.regionCode.localeCompare(b.regionCode));
      calendar = new WorkingCalendar([...this.#notices.values()], overrides);
      this.#cache.set(regionCode, calendar);
    }
    return calendar;
  }
}
