/**
 * The State Council's yearly holiday notices (国务院办公厅关于部分节假日安排的通知): days off and
 * make-up working days (调休上班日). Data, loaded per year; a year without a notice is computed
 * provisionally (see working-calendar.ts).
 */
export interface HolidayNotice {
  readonly year: number;
  /** Inclusive date ranges, "YYYY-MM-DD". */
  readonly holidays: ReadonlyArray<readonly [from: string, to: string]>;
  /** Weekend days declared working days. */
  readonly workdays: readonly string[];
}

export const holidayNotices: readonly HolidayNotice[] = [
  {
    year: 2025,
    holidays: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    // Notice of 2025-11-04.
    year: 2026,
    holidays: [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
