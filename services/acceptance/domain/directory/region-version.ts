import type { Region } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { FieldViolation } from '../../../platform/domain/errors.ts';
import { NATIONAL_REGION_CODE, REGION_CODE_RULE, isRegionCode } from '../../../platform/codes/region-code.ts';
import { levelOfCode, levelRank } from '../../../platform/regions/region.ts';
import { DATE_RULE, isCalendarDate } from '../../../platform/time/calendar-date.ts';

/** What checking a region's version needs to know of the division table. */
export interface RegionLookups {
  /** A region in force (or, in an edition's file, one of its earlier good rows): a parent. */
  knownRegion(code: string): boolean;
  /** The code's current version, in force or ended; a region the platform ships has no recorded version. */
  region(code: string): Region | undefined;
  /** Whether regions in force hang under the code. */
  hasRegionsInForceBelow(code: string): boolean;
}

const EDITION = /^[0-9A-Za-z.-]{1,16}$/;

/**
 * Everything wrong with a version of a region, by the proto paths of Region: its level is the
 * one its code says (GB/T 2260, GB/T 10114), its parent a region in force above it, and an
 * abolished region has none in force below it (its townships are moved or abolished first) and
 * keeps its last parent.
 */
export function regionViolations(region: Region, known: RegionLookups): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const fail = (field: string, description: string) => violations.push({ field, description });
  const { code, parentCode, level, endedOn } = region;
  if (!isRegionCode(code)) fail('code', REGION_CODE_RULE);
  else if (level !== levelOfCode(code)) fail('level', `must be ${levelOfCode(code)}, the level the code says`);
  if (!region.name.trim() || region.name.length > 100) fail('name', 'is required, at most 100 characters');
  if (code === NATIONAL_REGION_CODE) {
    if (parentCode) fail('parent_code', 'must be empty for the nation');
    if (endedOn) fail('ended_on', 'must be empty: the nation does not end');
  } else if (endedOn) {
    // An abolished region keeps the parent it last had, which may end with it.
  } else if (!known.knownRegion(parentCode)) {
    fail('parent_code', 'must be a region in force (or a region earlier in the edition)');
  } else if (levelRank(known.region(parentCode)?.level ?? levelOfCode(parentCode)) >= levelRank(level)) {
    fail('parent_code', 'must be a region of a level above the region');
  }
  if (!EDITION.test(region.edition)) fail('edition', 'must be 1 to 16 letters, digits, . or -');
  if (!isCalendarDate(region.inForceFrom)) fail('in_force_from', DATE_RULE);
  if (endedOn && !isCalendarDate(endedOn)) fail('ended_on', DATE_RULE);
  if (endedOn && known.hasRegionsInForceBelow(code)) fail('ended_on', 'must be empty while regions in force hang under the region: move or abolish them first');
  return violations;
}

/**
 * Whether a version says what the one before it says: the same name, level, parent and end. The
 * edition and the day it took effect are not the region's own facts: loading the same table
 * again under another edition's name changes nothing.
 */
export function sameRegion(region: Region, before: Region | undefined): boolean {
  return before !== undefined && region.name === before.name && region.level === before.level && region.parentCode === before.parentCode && region.endedOn === before.endedOn;
}
