import { describe, expect, it } from 'vitest';
import { parseQuietHours, quietHoursEnd } from './quiet-hours.ts';

const night = parseQuietHours('22:00-08:00');
/** An instant given in China time. */
const china = (local: string) => new Date(`${local}+08:00`);

describe('quiet hours', () => {
  it('hold SMS and app push inside the window, until its end in China time', () => {
    expect(quietHoursEnd(night, 'DELIVERY_CHANNEL_SMS', china('2026-11-22T23:30:00'))).toEqual(china('2026-11-23T08:00:00'));
    expect(quietHoursEnd(night, 'DELIVERY_CHANNEL_APP_PUSH', china('2026-11-23T07:59:59'))).toEqual(china('2026-11-23T08:00:00'));
    expect(quietHoursEnd(night, 'DELIVERY_CHANNEL_SMS', china('2026-11-22T22:00:00'))).toEqual(china('2026-11-23T08:00:00'));
  });

  it('let everything through outside the window, and other channels always', () => {
    expect(quietHoursEnd(night, 'DELIVERY_CHANNEL_SMS', china('2026-11-23T08:00:00'))).toBeUndefined();
    expect(quietHoursEnd(night, 'DELIVERY_CHANNEL_SMS', china('2026-11-22T21:59:59'))).toBeUndefined();
    expect(quietHoursEnd(night, 'DELIVERY_CHANNEL_EMAIL', china('2026-11-22T23:30:00'))).toBeUndefined();
    expect(quietHoursEnd(night, 'DELIVERY_CHANNEL_STAFF_INBOX', china('2026-11-22T23:30:00'))).toBeUndefined();
    expect(quietHoursEnd(undefined, 'DELIVERY_CHANNEL_SMS', china('2026-11-22T23:30:00'))).toBeUndefined();
  });

  it('handle a window within one day', () => {
    const lunch = parseQuietHours('12:00-13:30');
    expect(quietHoursEnd(lunch, 'DELIVERY_CHANNEL_SMS', china('2026-11-22T12:10:00'))).toEqual(china('2026-11-22T13:30:00'));
    expect(quietHoursEnd(lunch, 'DELIVERY_CHANNEL_SMS', china('2026-11-22T13:30:00'))).toBeUndefined();
  });

  it('reject a malformed window, naming the rule', () => {
    expect(parseQuietHours('')).toBeUndefined();
    for (const bad of ['22-08', '22:00', '24:00-08:00', '08:00-08:00', '22:00-08:00-09:00']) expect(() => parseQuietHours(bad)).toThrow(/HH:MM-HH:MM/);
  });
});
