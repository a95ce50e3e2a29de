/**
 * The calendar facts the kernel computes working days from. They have the shape of acceptance's
 * contract messages (onewindow.acceptance.v1.HolidayNotice, CalendarOverride), which acceptance
 * records as events and the other services follow; the kernel takes them by shape, knowing no
 * service's contract.
 */

/** An inclusive range of calendar dates, "YYYY-MM-DD". */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

/** A year's State Council holiday notice (国务院办公厅关于部分节假日安排的通知). */
export interface HolidayNotice {
  readonly year: number;
  /** Days off. */
  readonly holidays: readonly DateRange[];
  /** Weekend days declared working days (调休上班日). */
  readonly workdays: readonly string[];
  /** Where the notice comes from, e.g. "国办发明电〔2025〕7号". */
  readonly source: string;
}

/** A jurisdiction's own days off or extra working days for a year; applies to its subtree. */
export interface CalendarOverride {
  readonly regionCode: string;
  readonly year: number;
  readonly holidays: readonly DateRange[];
  readonly workdays: readonly string[];
  readonly reason: string;
}

type Stored<T> = { readonly [K in keyof T]?: T[K] | undefined };

const rangesOf = (ranges: readonly Stored<DateRange>[] | undefined): DateRange[] => (ranges ?? []).map((r) => ({ from: r.from ?? '', to: r.to ?? '' }));

/** A notice read back from JSON that may leave out empty fields (proto3 JSON does). */
export function holidayNoticeFrom(json: Stored<HolidayNotice>): HolidayNotice {
  return { year: json.year ?? 0, holidays: rangesOf(json.holidays), workdays: [...(json.workdays ?? [])], source: json.source ?? '' };
}

/** An override read back from JSON that may leave out empty fields. */
export function calendarOverrideFrom(json: Stored<CalendarOverride>): CalendarOverride {
  return { regionCode: json.regionCode ?? '', year: json.year ?? 0, holidays: rangesOf(json.holidays), workdays: [...(json.workdays ?? [])], reason: json.reason ?? '' };
}
