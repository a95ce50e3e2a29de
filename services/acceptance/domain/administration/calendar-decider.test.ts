import { describe, it } from 'vitest';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { calendarDecider } from './calendar-decider.ts';

const spec = deciderSpec(calendarDecider);
const notice2027 = {
  year: 2027,
  holidays: [{ from: '2027-01-01', to: '2027-01-03' }, { from: '2027-02-05', to: '2027-02-13' }],
  workdays: ['2027-02-14'],
  source: '国务院办公厅 2026 年通知',
};

describe('calendar data (State Council holiday notices)', () => {
  it('loads a year\'s notice', () => {
    spec.given([]).when({ type: 'LoadHolidayNotice', notice: notice2027 }).then([{ $case: 'holidayNoticeLoaded', value: { notice: notice2027 } }]);
  });

  it('refuses dates outside the year, backwards ranges and make-up days that are not weekends', () => {
    const broken = { ...notice2027, holidays: [{ from: '2027-02-13', to: '2027-02-05' }, { from: '2026-12-31', to: '2027-01-01' }], workdays: ['2027-02-15'], source: '' };
    spec.given([]).when({ type: 'LoadHolidayNotice', notice: broken })
      .thenThrows(ValidationError, /notice\.holidays\[0\].*notice\.holidays\[1\].*notice\.workdays\[0\]: must be a Saturday or Sunday.*notice\.source/);
  });

  it('sets a known jurisdiction\'s override, with a reason', () => {
    const override = { regionCode: '450000', year: 2027, holidays: [{ from: '2027-04-09', to: '2027-04-09' }], workdays: [], reason: '三月三' };
    spec.given([]).when({ type: 'SetCalendarOverride', override, knownRegion: () => false }).thenThrows(ValidationError, 'override.region_code');
    spec.given([]).when({ type: 'SetCalendarOverride', override, knownRegion: () => true }).then([{ $case: 'calendarOverrideSet', value: { override } }]);
  });
});
