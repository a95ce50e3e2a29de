// Dates as the platform counts them: days in China Standard Time (UTC+8, no daylight saving).
const CST_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" in China Standard Time of an instant (milliseconds since the epoch). */
export const chinaDay = (ms) => new Date(ms + CST_MS).toISOString().slice(0, 10);

/** The first instant of a "YYYY-MM-DD" day in China Standard Time. */
export const startOfChinaDay = (date) => Date.parse(`${date}T00:00:00+08:00`);

/** "YYYY-MM-DD" `days` days after today in China (the platform refuses a due date before its own today). */
export const daysFromToday = (days) => chinaDay(Date.now() + days * DAY_MS);
