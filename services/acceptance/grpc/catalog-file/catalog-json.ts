import type { CatalogRow } from '../../app/catalog-import/catalog-row.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { type RecordKind, recordOfJson } from './catalog-record.ts';

const LISTS: ReadonlyArray<readonly [string, RecordKind]> = [
  ['items', 'item'],
  ['bundles', 'bundle'],
];

/**
 * The rows of a JSON catalog file: `{"items": [ServiceItem...], "bundles": [BundleDefinition...]}`
 * in the protos' JSON mapping (docs/examples/catalog.json). A row is numbered by its position, from
 * 1, in its list, and its fields named from the list: "items.limits.promised_working_days".
 */
export function catalogRowsOfJson(file: Buffer): CatalogRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw ValidationError.field('chunk', `the file is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw ValidationError.field('chunk', 'the file must be a JSON object with "items" and/or "bundles" lists');
  const unknown = Object.keys(parsed).filter((key) => !LISTS.some(([list]) => list === key));
  if (unknown.length) throw ValidationError.field('chunk', `the file has keys ${unknown.join(', ')}: only "items" and "bundles" are read`);
  const rows: CatalogRow[] = [];
  for (const [list, kind] of LISTS) {
    const records = (parsed as Record<string, unknown>)[list] ?? [];
    if (!Array.isArray(records)) throw ValidationError.field('chunk', `"${list}" must be a list`);
    records.forEach((json, index) => {
      const fieldName = (path: string) => (path ? `${list}.${path}` : list);
      rows.push({ row: index + 1, ...recordOfJson(kind, json, index + 1, fieldName), fieldName });
    });
  }
  return rows;
}
