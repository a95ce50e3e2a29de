import { readFileSync } from 'node:fs';
import { REGION_EDITION, type Region, levelOfCode } from './region.ts';

export { REGION_EDITION };

/** Regions from a division table's rows ("code\tname\tparent code"; lines starting with # are comments). */
export function regionsOfTable(table: string, edition: string): Region[] {
  const regions: Region[] = [];
  for (const line of table.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const [code = '', name = '', parentCode = ''] = line.split('\t');
    regions.push({ code, name, level: levelOfCode(code), parentCode, edition, inForceFrom: '', endedOn: '' });
  }
  return regions;
}

/**
 * Every region of the country a new installation serves, read once at start from the shipped
 * table, without a network: the nation (the root of statistics and of a national supervisor's
 * jurisdiction), 31 provinces, their cities, counties and townships.
 */
export const regionTree: readonly Region[] = regionsOfTable(readFileSync(new URL('./divisions/cn-2023.tsv', import.meta.url), 'utf8'), REGION_EDITION);
