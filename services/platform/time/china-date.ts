/**
 * Working days are counted on China Standard Time calendar dates. China has one time zone, UTC+8,
 * with no daylight saving, so the conversion is a fixed offset whatever the server's TZ says.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The "YYYY-MM-DD" date in China Standard Time of an instant. */
export function chinaDateOf(instant: Date | string): string {
  const ms = new Date(instant).getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which a China Standard Time date begins. */
export function startOfChinaDate(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}
