import { describe, expect, it } from 'vitest';
import { holidayNotices } from './holiday-notices.ts';
import { WorkingCalendar } from './working-calendar.ts';

const calendar = new WorkingCalendar(holidayNotices);

describe('working-day calendar (行政许可法 Art. 82, State Council notices)', () => {
  it('counts a 20-working-day item accepted on Thu 2026-09-17 across Mid-Autumn, National Day and both make-up days', () => {
    // Sep 20 (Sun) and Oct 10 (Sat) are worked; Sep 25-27 and Oct 1-7 are off.
    expect(calendar.addWorkingDays('2026-09-17', 20)).toEqual({ date: '2026-10-21', provisional: false });
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-09-25')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('does not count the day of acceptance, and an on-the-spot item is due the same day', () => {
    expect(calendar.addWorkingDays('2026-11-20', 1)).toEqual({ date: '2026-11-23', provisional: false });
    expect(calendar.addWorkingDays('2026-11-20', 0)).toEqual({ date: '2026-11-20', provisional: false });
  });

  it('counts the 2025 Spring Festival with its Sunday make-up day', () => {
    // Jan 26 (Sun) worked, Jan 28 - Feb 4 off.
    expect(calendar.addWorkingDays('2025-01-24', 5).date).toBe('2025-02-07');
    expect(calendar.addWorkingDays('2025-09-26', 2).date).toBe('2025-09-29');
  });

  it('counts a year without a notice provisionally from weekends and fixed-date holidays', () => {
    // 2027 has no notice: Jan 1 is a fixed-date holiday; nothing else is known.
    expect(calendar.addWorkingDays('2026-12-28', 5)).toEqual({ date: '2027-01-05', provisional: true });
    expect(calendar.addWorkingDays('2026-12-21', 4)).toEqual({ date: '2026-12-25', provisional: false });
    expect(calendar.isWorkingDay('2027-10-02')).toBe(false);
  });

  it('recomputes once the missing year is loaded', () => {
    const local = new WorkingCalendar(holidayNotices);
    expect(local.addWorkingDays('2026-12-30', 3).provisional).toBe(true);
    local.load({ year: 2027, holidays: [['2027-01-01', '2027-01-03']], workdays: [] });
    expect(local.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: false });
  });

  it('measures working days used and left, negative once overdue', () => {
    expect(calendar.workingDaysBetween('2026-09-17', '2026-10-21')).toEqual({ days: 20, provisional: false });
    expect(calendar.workingDaysBetween('2026-10-21', '2026-10-23').days).toBe(2);
    expect(calendar.workingDaysBetween('2026-10-23', '2026-10-21').days).toBe(-2);
    expect(calendar.workingDaysBetween('2026-10-21', '2026-10-21').days).toBe(0);
  });
});
