/** Arithmetic on "YYYY-MM-DD" calendar dates, done in UTC so no time zone or DST can shift a day. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years a date may fall in: births from 1900, deadlines to 2100. Counting working days to a
 * far year would take millions of steps (and past 9999 the ISO form breaks), so input beyond is
 * refused at the edge, by every schema and decider that checks a date.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;
export const DATE_RULE = `must be a date, "YYYY-MM-DD", from ${FIRST_YEAR} to ${LAST_YEAR}`;

export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match || Number(match[1]) < FIRST_YEAR || Number(match[1]) > LAST_YEAR) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  // Past year 9999 the ISO form breaks and a loop waiting for a later day would spin for ever.
  if (Number.isNaN(next.getTime()) || next.getUTCFullYear() > 9999 || next.getUTCFullYear() < 1) throw new RangeError('date out of range');
  return next.toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
