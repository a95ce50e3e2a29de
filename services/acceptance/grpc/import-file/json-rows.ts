import type { FileRow } from '../../../platform/app/file-import.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { recordOfJson } from './proto-json-record.ts';
import type { RecordKind } from './record-kind.ts';

/**
 * The rows of a JSON import file: an object of lists, one per kind (`{"items": [...], "bundles":
 * [...]}`), each record in the protos' JSON mapping (docs/examples/catalog.json). A row is
 * numbered by its position, from 1, in its list, and its fields named from the list:
 * "items.limits.promised_working_days".
 */
export function rowsOfJson<R>(file: Buffer, kinds: readonly RecordKind<R>[]): FileRow<R>[] {
  const lists = kinds.map((kind) => `"${kind.list}"`).join(', ');
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw ValidationError.field('chunk', `the file is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw ValidationError.field('chunk', `the file must be a JSON object of the lists ${lists}`);
  const unknown = Object.keys(parsed).filter((key) => !kinds.some((kind) => kind.list === key));
  if (unknown.length) throw ValidationError.field('chunk', `the file has keys ${unknown.join(', ')}: only the lists ${lists} are read`);
  const rows: FileRow<R>[] = [];
  for (const kind of kinds) {
    const records = (parsed as Record<string, unknown>)[kind.list] ?? [];
    if (!Array.isArray(records)) throw ValidationError.field('chunk', `"${kind.list}" must be a list`);
    records.forEach((json, index) => {
      const fieldName = (path: string) => (path ? `${kind.list}.${path}` : kind.list);
      rows.push({ row: index + 1, ...recordOfJson(kind, json, index + 1, fieldName), fieldName });
    });
  }
  return rows;
}
