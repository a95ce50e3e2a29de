import { describe, expect, it } from 'vitest';
import { holidayNotices } from './holiday-notices.ts';
import { CalendarRegistry } from './calendar-registry.ts';
import { WorkingCalendar } from './working-calendar.ts';

const calendar = new WorkingCalendar(holidayNotices);
const days = (from: string, to = from) => ({ from, to });

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
    const registry = new CalendarRegistry(holidayNotices);
    // Provisionally: Dec 31, then Jan 1 is a fixed-date holiday, the weekend, Jan 4 and 5.
    expect(registry.calendarFor('350102').addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: true });
    registry.loadNotice({ year: 2027, holidays: [days('2027-01-01', '2027-01-04')], workdays: [], source: 'test' });
    expect(registry.calendarFor('350102').addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-06', provisional: false });
  });

  it('applies a jurisdiction\'s override to its subtree only, the more local rule winning', () => {
    const registry = new CalendarRegistry(holidayNotices);
    // A city declares Fri 2026-11-27 a holiday; one of its counties keeps it a working day.
    registry.setOverride({ regionCode: '350100', year: 2026, holidays: [days('2026-11-27')], workdays: [], reason: '市级活动' });
    registry.setOverride({ regionCode: '350121', year: 2026, holidays: [], workdays: ['2026-11-27'], reason: '县内照常' });
    expect(registry.calendarFor('350102001').isWorkingDay('2026-11-27')).toBe(false);
    expect(registry.calendarFor('350121101').isWorkingDay('2026-11-27')).toBe(true);
    expect(registry.calendarFor('440106').isWorkingDay('2026-11-27')).toBe(true);
    expect(registry.national().isWorkingDay('2026-11-27')).toBe(true);
    expect(registry.calendarFor('350102').exceptionsIn(2026).holidays).toContain('2026-11-27');
  });

  it('measures working days used and left, negative once overdue', () => {
    expect(calendar.workingDaysBetween('2026-09-17', '2026-10-21')).toEqual({ days: 20, provisional: false });
    expect(calendar.workingDaysBetween('2026-10-21', '2026-10-23').days).toBe(2);
    expect(calendar.workingDaysBetween('2026-10-23', '2026-10-21').days).toBe(-2);
    expect(calendar.workingDaysBetween('2026-10-21', '2026-10-21').days).toBe(0);
  });
});
