import type { CalendarOverride, DateRange, HolidayNotice } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { dayOfWeek, isCalendarDate, yearOf } from '../../../platform/time/calendar-date.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { type FieldViolation, ValidationError } from '../../../platform/domain/errors.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';

export const calendarEventTypes = ['holidayNoticeLoaded', 'calendarOverrideSet'] as const;

/** The events of the calendar stream: national notices and jurisdictions' overrides. */
export type CalendarEvent = Extract<AcceptancePayload, { $case: (typeof calendarEventTypes)[number] }>;

export const CALENDAR_STREAM_ID = 'calendar';
export const CALENDAR_STREAM_TYPE = 'calendar';

export interface LoadHolidayNotice {
  readonly type: 'LoadHolidayNotice';
  readonly notice: HolidayNotice;
}

export interface SetCalendarOverride {
  readonly type: 'SetCalendarOverride';
  readonly override: CalendarOverride;
  readonly knownRegion: (code: string) => boolean;
}

export type CalendarCommand = LoadHolidayNotice | SetCalendarOverride;

/** Days of one year: real dates of that year, ranges in order, worked days on weekends only. */
function daysViolations(field: string, year: number, holidays: readonly DateRange[], workdays: readonly string[]): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const inYear = (date: string) => isCalendarDate(date) && yearOf(date) === year;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) violations.push({ field: `${field}.year`, description: 'must be a year from 2000 to 2100' });
  holidays.forEach((range, i) => {
    if (!inYear(range.from) || !inYear(range.to) || range.from > range.to) {
      violations.push({ field: `${field}.holidays[${i}]`, description: `must be dates of ${year} (YYYY-MM-DD), from not after to` });
    }
  });
  workdays.forEach((date, i) => {
    if (!inYear(date)) violations.push({ field: `${field}.workdays[${i}]`, description: `must be a date of ${year} (YYYY-MM-DD)` });
    else if (![0, 6].includes(dayOfWeek(date))) violations.push({ field: `${field}.workdays[${i}]`, description: 'must be a Saturday or Sunday (调休上班日)' });
  });
  return violations;
}

/** The working-day calendar as data (the State Council's holiday notices, loaded per year; 行政许可法 Art. 82 counts working days): what was loaded, and when. */
export const calendarDecider: Decider<CalendarCommand, CalendarEvent, null> = {
  initialState: () => null,
  evolve: (state) => state,
  decide(command) {
    switch (command.type) {
      case 'LoadHolidayNotice': {
        const { notice } = command;
        const violations = daysViolations('notice', notice.year, notice.holidays, notice.workdays);
        if (!notice.source.trim()) violations.push({ field: 'notice.source', description: 'is required: the notice\'s document number' });
        if (violations.length) throw new ValidationError(violations);
        return [{ $case: 'holidayNoticeLoaded', value: { notice } }];
      }
      case 'SetCalendarOverride': {
        const { override } = command;
        const violations = daysViolations('override', override.year, override.holidays, override.workdays);
        if (!command.knownRegion(override.regionCode)) violations.push({ field: 'override.region_code', description: 'must be a region this installation serves' });
        if (!override.reason.trim()) violations.push({ field: 'override.reason', description: 'is required' });
        if (violations.length) throw new ValidationError(violations);
        return [{ $case: 'calendarOverrideSet', value: { override } }];
      }
      default:
        return assertNever(command);
    }
  },
};
