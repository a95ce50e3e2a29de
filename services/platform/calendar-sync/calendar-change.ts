import type { CalendarOverride, HolidayNotice } from '../calendar/holiday-notice.ts';
import type { Payload } from '../events/event-codec.ts';

/** A change of the working-day calendar: a year's national notice, or a jurisdiction's override. */
export type CalendarChange = { readonly kind: 'notice'; readonly notice: HolidayNotice } | { readonly kind: 'override'; readonly override: CalendarOverride };

/** Reads a calendar change out of the events of the service that records them (acceptance's contract). */
export type CalendarChangeOf<P extends Payload> = (payload: P) => CalendarChange | undefined;

/** How calendar changes are recorded: the event types that carry them, and how to read one. */
export interface CalendarEvents<P extends Payload> {
  readonly eventTypes: ReadonlySet<string>;
  readonly changeOf: CalendarChangeOf<P>;
}

/** Words for a change, as a history or a log line gives the reason for recomputed deadlines. */
export function describeCalendarChange(change: CalendarChange): string {
  return change.kind === 'notice' ? `${change.notice.year} 年节假日安排载入` : `${change.override.regionCode} 地方工作日调整`;
}
