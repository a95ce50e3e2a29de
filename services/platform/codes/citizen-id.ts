import { isCalendarDate } from '../time/calendar-date.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/**
 * GB 11643 citizen ID number: 6-digit address code, birth date YYYYMMDD, 3-digit sequence, check
 * character = "10X98765432"[sum(digit × weight) mod 11].
 */
export function isValidCitizenId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < '1900-01-01') return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return CHECK_CHARACTERS[sum % 11] === id[17];
}

export const CITIZEN_ID_RULE = 'must be an 18-character citizen ID number with a valid birth date and check character (GB 11643)';
