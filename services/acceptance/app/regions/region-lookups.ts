import type { Region } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { NATIONAL_REGION_CODE } from '../../../platform/codes/region-code.ts';
import type { RegionRegistry } from '../../../platform/regions/region-registry.ts';
import type { RegionLookups } from '../../domain/directory/region-version.ts';

/**
 * What deciding on a region or on anything that names one needs of the division table: the
 * regions in force, as the registry has them.
 */
export function regionLookups(regions: RegionRegistry): RegionLookups {
  return {
    knownRegion: (code) => regions.inForce(code),
    region: (code) => regions.get(code) as Region | undefined,
    hasRegionsInForceBelow: (code) => regions.children(code).length > 0,
  };
}

/**
 * The same for a row of an edition's file, which lists the whole country: a parent must be a row
 * before it (the rows are checked province first), and what hangs under a region is what the
 * file hangs under it.
 */
export function editionLookups(regions: RegionRegistry, rowsBefore: ReadonlySet<string>, parentsInFile: ReadonlySet<string>): RegionLookups {
  return {
    knownRegion: (code) => code === NATIONAL_REGION_CODE || rowsBefore.has(code),
    region: (code) => regions.get(code) as Region | undefined,
    hasRegionsInForceBelow: (code) => parentsInFile.has(code),
  };
}
