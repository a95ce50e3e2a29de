import type { HolidayNotice } from './holiday-notice.ts';

const days = (from: string, to = from) => ({ from, to });

/**
 * The State Council's holiday notices (国务院办公厅关于部分节假日安排的通知) a new installation
 * knows: days off and make-up working days (调休上班日). Later years are loaded as events
 * (AdministrationService.LoadHolidayNotice); a year without a notice is computed provisionally.
 */
export const holidayNotices: readonly HolidayNotice[] = [
  {
    year: 2025,
    holidays: [days('2025-01-01'), days('2025-01-28', '2025-02-04'), days('2025-04-04', '2025-04-06'), days('2025-05-01', '2025-05-05'), days('2025-05-31', '2025-06-02'), days('2025-10-01', '2025-10-08')],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    source: '国办发明电〔2024〕12号',
  },
  {
    year: 2026,
    holidays: [days('2026-01-01', '2026-01-03'), days('2026-02-15', '2026-02-23'), days('2026-04-04', '2026-04-06'), days('2026-05-01', '2026-05-05'), days('2026-06-19', '2026-06-21'), days('2026-09-25', '2026-09-27'), days('2026-10-01', '2026-10-07')],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    source: '国务院办公厅 2025-11-04 通知',
  },
];
