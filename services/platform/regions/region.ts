import { regionLevel } from '../codes/region-code.ts';

/**
 * Administrative levels (GB/T 39046 行使层级: 1 national, 2 province, 3 city, 4 county,
 * 5 township, 6 village), named as acceptance's contract names them (onewindow.acceptance.v1.Level).
 */
export type RegionLevel = 'LEVEL_NATIONAL' | 'LEVEL_PROVINCE' | 'LEVEL_CITY' | 'LEVEL_COUNTY' | 'LEVEL_TOWNSHIP' | 'LEVEL_VILLAGE';

/**
 * A region of the division tree (GB/T 2260 and GB/T 10114 codes), in the shape of acceptance's
 * contract message onewindow.acceptance.v1.Region, which the kernel takes by shape.
 */
export interface Region {
  /** 6 digits (province, city, county) or 9 (township). */
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  /** The region above; empty for the nation. */
  readonly parentCode: string;
  /** The edition of the code tables this version is from, e.g. "2023". */
  readonly edition: string;
  /** The day this version took effect ("YYYY-MM-DD"); empty for the shipped edition. */
  readonly inForceFrom: string;
  /** The day the code was abolished ("YYYY-MM-DD"); empty while it is in force. */
  readonly endedOn: string;
}

/**
 * The edition of the division table the platform ships: the National Bureau of Statistics' 2023
 * 统计用区划代码 (as of 2023-06-30), whose province, city and county codes are GB/T 2260's and whose
 * township codes follow GB/T 10114 (divisions/cn-2023.tsv, made by `npm run regions:table`).
 */
export const REGION_EDITION = '2023';

const LEVELS: readonly RegionLevel[] = ['LEVEL_NATIONAL', 'LEVEL_PROVINCE', 'LEVEL_CITY', 'LEVEL_COUNTY', 'LEVEL_TOWNSHIP', 'LEVEL_VILLAGE'];

/** The level a region code says (GB/T 2260, GB/T 10114): "350102" a county, "350102001" a township. */
export const levelOfCode = (code: string): RegionLevel => LEVELS[regionLevel(code) - 1]!;

/** A level's rank from the top, 1 for the nation; 0 for no level: a parent ranks below its children. */
export const levelRank = (level: string): number => LEVELS.indexOf(level as RegionLevel) + 1;
