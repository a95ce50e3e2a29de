/**
 * Region codes: GB/T 2260 (6 digits: province, city, county) and GB/T 10114 (3 more for the
 * township). Levels follow GB/T 39046: 1 national, 2 province, 3 city, 4 county, 5 township.
 */
export type RegionLevel = 1 | 2 | 3 | 4 | 5;

/**
 * The nation (全国), the root above the provinces: GB/T 2260 has no code for it, so we use
 * "100000" as the national division tables of the State Council's platform do. It contains every
 * region.
 */
export const NATIONAL_REGION_CODE = '100000';

export function isRegionCode(code: string): boolean {
  return /^(\d{6}|\d{9})$/.test(code) && !code.startsWith('00');
}

export function regionLevel(code: string): RegionLevel {
  if (code === NATIONAL_REGION_CODE) return 1;
  if (code.length === 9) return 5;
  if (code.endsWith('0000')) return 2;
  if (code.endsWith('00')) return 3;
  return 4;
}

/** The prefix every code in the region's subtree starts with: "35" for 350000, "3501" for 350100. */
export function subtreePrefix(code: string): string {
  switch (regionLevel(code)) {
    case 1:
      return '';
    case 2:
      return code.slice(0, 2);
    case 3:
      return code.slice(0, 4);
    default:
      return code;
  }
}

/** True when `code` is `jurisdiction` or lies below it. */
export function isWithin(code: string, jurisdiction: string): boolean {
  return code.startsWith(subtreePrefix(jurisdiction));
}

export const REGION_CODE_RULE = 'must be a 6-digit (GB/T 2260) or 9-digit (GB/T 10114) region code';
