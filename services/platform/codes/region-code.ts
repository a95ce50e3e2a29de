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

/** The four municipalities (直辖市): their districts and counties are those of one city-level unit. */
const MUNICIPALITIES = ['11', '12', '31', '50'];

/**
 * The prefix shared by the codes of one city-level unit (地级), the unit 跨县 scope is bounded by:
 * "3501" for Fuzhou; "50" for the whole of 重庆 (its 市辖区 5001 and 县 5002 are one city); and the
 * whole county code for a county-level unit under its province directly (省直辖县级行政区划, xx90yy
 * in GB/T 2260: 仙桃 429004 is its own city-level unit, not one city with 潜江 429005).
 */
export function cityUnitPrefix(code: string): string {
  if (MUNICIPALITIES.includes(code.slice(0, 2))) return code.slice(0, 2);
  if (code.slice(2, 4) === '90') return code.slice(0, 6);
  return code.slice(0, 4);
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
