/**
 * Case numbers (办件编号): at most 50 characters, unique nationwide, format configurable.
 * Default: handling-region code + date + 6-digit daily sequence (35010220261122000001).
 */
export const DEFAULT_CASE_NUMBER_FORMAT = '{region}{date}{seq:6}';

const TOKEN = /\{(region|date|seq:(\d))\}/g;

/** Why a format is unusable, or undefined when it is fine. */
export function caseNumberFormatProblem(format: string): string | undefined {
  const literal = format.replace(TOKEN, '');
  if (!/^[0-9A-Za-z-]*$/.test(literal)) return 'must contain only {region}, {date}, {seq:N} and letters, digits or -';
  if ((format.match(/\{seq:\d\}/g) ?? []).length !== 1) return 'must contain exactly one {seq:N} (N digits of the daily sequence)';
  if (!format.includes('{date}')) return 'must contain {date}: the sequence restarts every day';
  const longest = formatCaseNumber(format, '123456789', '20260101', 10 ** 9 - 1);
  if (longest.length > 50) return 'must give case numbers of at most 50 characters';
  return undefined;
}

/** A case number in `format` for a region, a China date ("YYYYMMDD") and a daily sequence number. */
export function formatCaseNumber(format: string, regionCode: string, date: string, sequence: number): string {
  return format.replace(TOKEN, (_whole, token: string, digits: string | undefined) => {
    if (token === 'region') return regionCode;
    if (token === 'date') return date;
    return String(sequence).padStart(Number(digits), '0');
  });
}
