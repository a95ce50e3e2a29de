import type { DeliveryChannel } from '../../../../generated/onewindow/notification/v1/notification.ts';

/** A daily window, in China Standard Time, in which intrusive channels stay silent. */
export interface QuietHours {
  /** Minutes after midnight; the window may run past midnight (22:00–08:00). */
  readonly startMinute: number;
  readonly endMinute: number;
}

/** SMS and app push wake people; an e-mail, a hall screen or a staff inbox does not. */
const INTRUSIVE: ReadonlySet<DeliveryChannel> = new Set(['DELIVERY_CHANNEL_SMS', 'DELIVERY_CHANNEL_APP_PUSH']);

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "22:00-08:00" → the window; "" → none; anything else throws an error naming the rule. */
export function parseQuietHours(text: string): QuietHours | undefined {
  if (text === '') return undefined;
  const [start, end, ...rest] = text.split('-');
  const minutes = (hhmm: string | undefined) => {
    const match = HH_MM.exec(hhmm ?? '');
    return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
  };
  const startMinute = minutes(start);
  const endMinute = minutes(end);
  if (rest.length || startMinute === undefined || endMinute === undefined || startMinute === endMinute) {
    throw new Error('must be empty or "HH:MM-HH:MM" (China time) with different start and end');
  }
  return { startMinute, endMinute };
}

/**
 * When a message on `channel` may be sent if it is `now`: undefined when it may go at once, or
 * the end of the quiet hours it falls in. Only intrusive channels wait; none is dropped.
 */
export function quietHoursEnd(quiet: QuietHours | undefined, channel: DeliveryChannel, now: Date): Date | undefined {
  if (!quiet || !INTRUSIVE.has(channel)) return undefined;
  const chinaMs = now.getTime() + CHINA_OFFSET_MS;
  const midnight = chinaMs - (((chinaMs % DAY_MS) + DAY_MS) % DAY_MS);
  const minute = Math.floor((chinaMs - midnight) / 60_000);
  const { startMinute, endMinute } = quiet;
  const wraps = startMinute > endMinute;
  const inside = wraps ? minute >= startMinute || minute < endMinute : minute >= startMinute && minute < endMinute;
  if (!inside) return undefined;
  // The end falls tomorrow when the window wrapped past midnight and we are before midnight.
  const endDay = wraps && minute >= startMinute ? midnight + DAY_MS : midnight;
  return new Date(endDay + endMinute * 60_000 - CHINA_OFFSET_MS);
}

export function describeQuietHours(quiet: QuietHours): string {
  const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `quiet hours ${hhmm(quiet.startMinute)}-${hhmm(quiet.endMinute)} (China time)`;
}
