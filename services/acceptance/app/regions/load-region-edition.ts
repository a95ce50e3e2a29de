import type { Region } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { ImportOptions, ImportProgress, ImportReport } from '../../../../generated/onewindow/common/v1/import.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { type FileRow, type ImportRules, importRows } from '../../../platform/app/file-import.ts';
import { NATIONAL_REGION_CODE } from '../../../platform/codes/region-code.ts';
import { levelRank } from '../../../platform/regions/region.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { regionViolations, sameRegion } from '../../domain/directory/region-version.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { editionLookups } from './region-lookups.ts';
import { recordRegion } from './record-region.ts';

/** An edition's name and the day it takes effect (LoadRegionEditionRequest). */
export interface Edition {
  readonly edition: string;
  readonly inForceFrom: string;
}

/**
 * The share of the regions in force an edition may abolish. A year's edition abolishes a few
 * hundred of about 45,000 (the 2023 edition's changes to 2022's were under 1 %); a file that would
 * abolish more is a part of the country (one province's file) taken for the whole.
 */
const MOST_ENDED = 0.1;

/**
 * An operator loads an edition of the division table: the file's regions (read by
 * grpc/import-file/) compared with the table in force, as platform/app/file-import.ts imports any
 * file. Added and changed regions are recorded province first, so that a new county is there
 * before its townships; the regions in force that the file leaves out are then abolished
 * townships first, each on the day the edition takes effect.
 */
export function loadRegionEdition(
  app: AcceptanceApp,
  options: ImportOptions,
  edition: Edition,
  fileRows: readonly FileRow<Region>[],
  caller: CallContext,
  progress: (update: ImportProgress) => void,
): Promise<ImportReport> {
  if (options.policy === 'IMPORT_POLICY_GOOD_ROWS') throw ValidationError.field('options.policy', 'must be ALL_OR_NOTHING: an edition is loaded whole or not at all');
  const rows = [...fileRows.map((row) => stamped(row, edition)), ...endedRows(app, fileRows, edition)];
  const inFile = new Set<string>();
  const lookups = editionLookups(app.regions, inFile, new Set(fileRows.flatMap((row) => (row.record ? [row.record.parentCode] : []))));
  const rules: ImportRules<Region> = {
    order: (region) => (region.endedOn ? 10 - levelRank(region.level) : levelRank(region.level)),
    code: (region) => ({ code: region.code, field: 'code' }),
    violations: async (region) => regionViolations(region, lookups),
    accepted: (region) => void inFile.add(region.code),
    // A shipped region's first version is the shipped one: renamed, it becomes version 2.
    current: async (region) => ({
      versions: app.regions.versions(region.code).length,
      unchanged: sameRegion(region, app.regions.get(region.code) as Region | undefined),
      ended: region.endedOn !== '',
    }),
    record: (region, requestId) => recordRegion(app, region, requestId, caller),
  };
  // The report counts the file's rows; the regions it ends are in its changes, as row 0.
  return importRows(options, rows, rules, caller.signal, progress).then((report) => ({ ...report, rows: fileRows.length }));
}

/** A row of the file as a version of the edition: from the day it takes effect. */
function stamped(row: FileRow<Region>, edition: Edition): FileRow<Region> {
  return row.record ? { ...row, record: { ...row.record, ...edition, endedOn: '' } } : row;
}

/** The regions in force that the file does not list, each as its last version ended on the edition's first day (row 0: no row of the file). */
function endedRows(app: AcceptanceApp, fileRows: readonly FileRow<Region>[], edition: Edition): FileRow<Region>[] {
  const listed = new Set(fileRows.flatMap((row) => (row.record ? [row.record.code] : [])));
  const ended: FileRow<Region>[] = [];
  for (const region of app.regions.inForceRegions()) {
    if (listed.has(region.code) || region.code === NATIONAL_REGION_CODE) continue;
    ended.push({ row: 0, record: { ...(region as Region), ...edition, endedOn: edition.inForceFrom }, violations: [], fieldName: (path) => path });
  }
  const inForce = app.regions.size;
  if (ended.length > inForce * MOST_ENDED) {
    throw ValidationError.field('chunk', `the file leaves out ${ended.length} of the ${inForce} regions in force, which it would abolish: an edition lists the whole country`);
  }
  return ended;
}
