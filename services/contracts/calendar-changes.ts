import type { CalendarChange, CalendarEvents } from '../platform/calendar-sync/calendar-change.ts';
import type { AcceptancePayload } from './topics.ts';

/**
 * The calendar changes acceptance records (AdministrationService.LoadHolidayNotice and
 * SetCalendarOverride), read out of its events: every service keeps its working-day calendars in
 * step with them.
 */
export function calendarChangeOf(payload: AcceptancePayload): CalendarChange | undefined {
  if (payload.$case === 'holidayNoticeLoaded' && payload.value.notice) return { kind: 'notice', notice: payload.value.notice };
  if (payload.$case === 'calendarOverrideSet' && payload.value.override) return { kind: 'override', override: payload.value.override };
  return undefined;
}

/** Acceptance's calendar events, as every service's calendar projection and recompute read them. */
export const acceptanceCalendarEvents: CalendarEvents<AcceptancePayload> = {
  eventTypes: new Set(['holidayNoticeLoaded', 'calendarOverrideSet']),
  changeOf: calendarChangeOf,
};
