import { parse } from 'csv-parse/sync';
import type { RowViolation } from '../../../../generated/onewindow/common/v1/import.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import type { FileRow } from '../../../platform/app/file-import.ts';
import type { Cell, Column } from './columns.ts';
import { jsonProblem, recordOfJson } from './proto-json-record.ts';
import type { RecordKind } from './record-kind.ts';

/** Where a list cell's entries part: a line break (Alt+Enter in a spreadsheet) or a full-width semicolon. */
const LIST_SEPARATOR = /\r?\n|；/;

/**
 * The rows of a CSV import file (docs/examples/catalog.csv): a header row of the kind's column
 * names, whose first column says what the file holds (实施编码: items, 部门编码: departments...),
 * then one record per row. Rows are numbered as a spreadsheet numbers them (the header is row 1)
 * and fields named by their column; an empty row is passed over.
 */
export function rowsOfCsv<R>(file: Buffer, kinds: readonly RecordKind<R>[]): FileRow<R>[] {
  let records: string[][];
  try {
    records = parse(file, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    throw ValidationError.field('chunk', `the file is not CSV: ${(error as Error).message}`);
  }
  const [header = [], ...body] = records;
  const kind = kinds.find((k) => k.columns[0]!.header === header[0]?.trim());
  if (!kind) throw ValidationError.field('chunk', `the first column of the header must be ${kinds.map((k) => `${k.columns[0]!.header} (a file of ${k.name}s)`).join(' or ')}`);
  const columns = headerColumns(kind, header);
  return body.flatMap((cells, index) => (cells.every((cell) => cell.trim() === '') ? [] : [rowOf(kind, columns, cells, index + 2)]));
}

function headerColumns<R>(kind: RecordKind<R>, header: readonly string[]): Column[] {
  const columns = header.map((name) => kind.columns.find((column) => column.header === name.trim()));
  const unknown = header.filter((_, i) => !columns[i]);
  if (unknown.length) throw ValidationError.field('chunk', `the header names unknown columns (${unknown.join(', ')}); a file of ${kind.name}s has: ${kind.columns.map((c) => c.header).join(', ')}`);
  const twice = header.filter((name, i) => header.indexOf(name) !== i);
  if (twice.length) throw ValidationError.field('chunk', `the header names ${twice.join(', ')} twice`);
  return columns as Column[];
}

function rowOf<R>(kind: RecordKind<R>, columns: readonly Column[], cells: readonly string[], row: number): FileRow<R> {
  const fieldName = (path: string) => columnName(columns, path);
  const violations: RowViolation[] = [];
  if (cells.length !== columns.length) violations.push({ row, field: '(row)', rule: `must have ${columns.length} cells, as the header has; it has ${cells.length}` });
  const json: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const cell = (cells[i] ?? '').trim();
    if (cell === '') return;
    const read = readCell(column.cell, cell);
    if ('rule' in read) return void violations.push({ row, field: column.header, rule: read.rule });
    const problem = column.cell.type === 'json' ? jsonProblem(kind, nested(column.path, read.value)) : undefined;
    if (problem) return void violations.push({ row, field: column.header, rule: `must be in the protos' JSON mapping: ${problem}` });
    merge(json, nested(column.path, read.value));
  });
  if (violations.length) return { row, record: undefined, violations, fieldName };
  return { row, ...recordOfJson(kind, json, row, fieldName), fieldName };
}

/** The column a proto path falls in, with the rest of the path ("申请材料[1].code"); the path itself when no column holds it. */
function columnName(columns: readonly Column[], path: string): string {
  if (path === '') return '(row)';
  const column = columns
    .filter((c) => path === c.path || path.startsWith(`${c.path}.`) || path.startsWith(`${c.path}[`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return column ? `${column.header}${path.slice(column.path.length)}` : path;
}

function readCell(cell: Cell, text: string): { value: unknown } | { rule: string } {
  switch (cell.type) {
    case 'text':
      return { value: text };
    case 'number':
      return /^\d{1,9}$/.test(text) ? { value: Number(text) } : { rule: 'must be a whole number' };
    case 'yes-no':
      return text === '是' || text === '否' ? { value: text === '是' } : { rule: 'must be 是 or 否' };
    case 'label':
      return label(cell.labels, text);
    case 'list': {
      const entries = text.split(LIST_SEPARATOR).map((entry) => entry.trim()).filter(Boolean);
      if (!cell.labels) return { value: entries };
      const values = entries.map((entry) => label(cell.labels!, entry));
      const wrong = values.find((value) => 'rule' in value);
      return wrong ?? { value: values.map((value) => (value as { value: unknown }).value) };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) };
      } catch (error) {
        return { rule: `must be JSON: ${(error as Error).message}` };
      }
  }
}

function label(labels: Readonly<Record<string, string>>, text: string): { value: unknown } | { rule: string } {
  const value = labels[text];
  if (value) return { value };
  const said = Object.keys(labels).filter((name) => !/^[A-Z_]+$/.test(name) && !/^\d+$/.test(name));
  return { rule: `must be one of ${said.join('、')}` };
}

/** `{a: {b: value}}` of the path "a.b". */
function nested(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<Record<string, unknown>>((inner, key, i, keys) => ({ [key]: i === keys.length - 1 ? value : inner }), {});
}

function merge(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    into[key] = isObject(existing) && isObject(value) ? merge(existing, value) : value;
  }
  return into;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
