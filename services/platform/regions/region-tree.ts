import { readFileSync } from 'node:fs';
import type { Region, RegionLevel } from './region.ts';
import { regionLevel } from '../codes/region-code.ts';

/**
 * The edition of the division table the platform ships: the National Bureau of Statistics' 2023
 * 统计用区划代码 (as of 2023-06-30), whose province, city and county codes are GB/T 2260's and whose
 * township codes follow GB/T 10114 (divisions/cn-2023.tsv, made by `npm run regions:table`).
 */
export const REGION_EDITION = '2023';

const LEVELS: Readonly<Record<number, RegionLevel>> = { 1: 'LEVEL_NATIONAL', 2: 'LEVEL_PROVINCE', 3: 'LEVEL_CITY', 4: 'LEVEL_COUNTY', 5: 'LEVEL_TOWNSHIP' };

/** Regions from a division table's rows ("code\tname\tparent code"; lines starting with # are comments). */
export function regionsOfTable(table: string, edition: string): Region[] {
  const regions: Region[] = [];
  for (const line of table.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const [code = '', name = '', parentCode = ''] = line.split('\t');
    regions.push({ code, name, level: LEVELS[regionLevel(code)]!, parentCode, edition });
  }
  return regions;
}

/**
 * Every region of the country a new installation serves, read once at start from the shipped
 * table, without a network: the nation (the root of statistics and of a national supervisor's
 * jurisdiction), 31 provinces, their cities, counties and townships.
 */
export const regionTree: readonly Region[] = regionsOfTable(readFileSync(new URL('./divisions/cn-2023.tsv', import.meta.url), 'utf8'), REGION_EDITION);
