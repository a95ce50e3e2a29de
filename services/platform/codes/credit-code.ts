/** Unified social credit code characters (GB 32100): digits and capitals without I, O, S, V, Z. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * GB 32100 unified social credit code: 18 characters; check character = charset[31 − (Σ index ×
 * weight mod 31)] (31 → 0); characters 9–17 are a GB 11714 organisation code with its own check.
 */
export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18 || [...code].some((c) => !CHARSET.includes(c))) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * CHARSET.indexOf(code[i] as string), 0);
  const check = (31 - (sum % 31)) % 31;
  return CHARSET[check] === code[17] && isValidOrganisationCode(code.slice(8, 17));
}

/** GB 11714: 8 characters (digits and A–Z as 0–35) then check = 11 − (Σ value × weight mod 11), 10 → X, 11 → 0. */
export function isValidOrganisationCode(code: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false;
  const sum = ORGANISATION_WEIGHTS.reduce((total, weight, i) => total + weight * parseInt(code[i] as string, 36), 0);
  const check = 11 - (sum % 11);
  const expected = check === 10 ? 'X' : check === 11 ? '0' : String(check);
  return code[8] === expected;
}

export const CREDIT_CODE_RULE =
  'must be an 18-character unified social credit code with valid check characters (GB 32100, GB 11714)';
