import type { ImportOptions, ImportProgress, ImportReport, RowChange, RowViolation } from '../../../generated/onewindow/common/v1/import.ts';
import type { FieldViolation } from '../domain/errors.ts';

/** One row of an operator's file, as the file's format read it (a service's grpc layer). */
export interface FileRow<R> {
  /** How the report numbers it (RowViolation.row). */
  readonly row: number;
  /** The record; undefined when the row could not be read. */
  readonly record: R | undefined;
  /** What was wrong while reading it: a value that is no number, no known name, too long. */
  readonly violations: readonly RowViolation[];
  /** How the report names a field of the record, given its proto path: a CSV column, or a JSON path. */
  readonly fieldName: (protoPath: string) => string;
}

/** What an import of one kind of record knows: the service's rules and how it records. */
export interface ImportRules<R> {
  /** Rows are checked and recorded in this order, then by row (a bundle after the items it joins). */
  order(record: R): number;
  /** The record's code and the field that holds it: a code appears once in a file. */
  code(record: R): { readonly code: string; readonly field: string };
  /** What is wrong with the record, by its proto paths. */
  violations(record: R): Promise<readonly FieldViolation[]>;
  /** Told of each good row as it is checked, so that a later row may name it (a bundle its items). */
  accepted(record: R): void;
  /**
   * What recording it would change: the code's versions now, whether it says what the last one
   * says, and whether it ends the code (a record the file no longer lists, which the rules add).
   */
  current(record: R): Promise<{ readonly versions: number; readonly unchanged: boolean; readonly ended?: boolean }>;
  /** Records it, idempotently under `requestId`; answers the write's consistency token. */
  record(record: R, requestId: string): Promise<string>;
}

/** How often progress is reported, in rows: often enough for a bar, rarely enough to cost nothing. */
const PROGRESS_EVERY = 100;
/** The violations a report lists (ImportReport.violations): a bad file's first ones say what is wrong with it. */
const LISTED_VIOLATIONS = 10_000;

interface GoodRow<R> {
  readonly record: R;
  readonly change: RowChange;
}

/**
 * An operator's import of a file's rows, the same for every kind of record:
 * 1. every row is checked by the rules, and for a code twice in the file, then compared with what
 *    is recorded: added, revised or unchanged;
 * 2. unless it is a dry run, or the policy is all or nothing and a row is bad, the changed rows
 *    are recorded one by one in the rules' order, each under a request id of the import's own,
 *    so an import cut off and run again records only what is left.
 */
export async function importRows<R>(
  options: ImportOptions,
  rows: readonly FileRow<R>[],
  rules: ImportRules<R>,
  signal: AbortSignal,
  progress: (update: ImportProgress) => void,
): Promise<ImportReport> {
  const policy = options.policy === 'IMPORT_POLICY_GOOD_ROWS' ? 'IMPORT_POLICY_GOOD_ROWS' : 'IMPORT_POLICY_ALL_OR_NOTHING';
  const { good, violations } = await checkRows(rows, rules, signal, progress);
  const refused = new Set(violations.map((violation) => violation.row)).size;
  const changed = good.filter((row) => row.change.kind !== 'ROW_CHANGE_KIND_UNCHANGED');
  const recorded = !options.dryRun && (policy === 'IMPORT_POLICY_GOOD_ROWS' || refused === 0);
  const consistencyToken = recorded ? await recordRows(options.requestId, changed, rules, signal, progress) : '';
  const count = (kind: RowChange['kind']) => good.filter((row) => row.change.kind === kind).length;
  return {
    rows: rows.length,
    policy,
    dryRun: options.dryRun,
    recorded,
    added: count('ROW_CHANGE_KIND_ADDED'),
    revised: count('ROW_CHANGE_KIND_REVISED'),
    unchanged: count('ROW_CHANGE_KIND_UNCHANGED'),
    ended: count('ROW_CHANGE_KIND_ENDED'),
    refused,
    violations: violations.slice(0, LISTED_VIOLATIONS),
    violationsLeftOut: Math.max(0, violations.length - LISTED_VIOLATIONS),
    changes: changed.map((row) => row.change),
    consistencyToken,
  };
}

async function checkRows<R>(rows: readonly FileRow<R>[], rules: ImportRules<R>, signal: AbortSignal, progress: (update: ImportProgress) => void) {
  const violations: RowViolation[] = [];
  const good: GoodRow<R>[] = [];
  const firstRow = new Map<string, number>();
  const order = (row: FileRow<R>) => (row.record === undefined ? -1 : rules.order(row.record));
  const ordered = [...rows].sort((a, b) => order(a) - order(b) || a.row - b.row);
  for (const [index, row] of ordered.entries()) {
    signal.throwIfAborted();
    if (index % PROGRESS_EVERY === 0) progress({ phase: 'PHASE_CHECKING', done: index, total: rows.length });
    const found = [...row.violations];
    if (row.record !== undefined && found.length === 0) {
      const fail = (path: string, rule: string) => found.push({ row: row.row, field: row.fieldName(path), rule });
      const { code, field } = rules.code(row.record);
      const earlier = firstRow.get(`${order(row)}:${code}`);
      if (earlier !== undefined) fail(field, `must not repeat row ${earlier}: a code appears once in a file`);
      else firstRow.set(`${order(row)}:${code}`, row.row);
      for (const violation of await rules.violations(row.record)) fail(violation.field, violation.description);
    }
    violations.push(...found);
    if (row.record === undefined || found.length > 0) continue;
    rules.accepted(row.record);
    const { versions, unchanged, ended } = await rules.current(row.record);
    const kind = unchanged ? 'ROW_CHANGE_KIND_UNCHANGED' : ended ? 'ROW_CHANGE_KIND_ENDED' : versions === 0 ? 'ROW_CHANGE_KIND_ADDED' : 'ROW_CHANGE_KIND_REVISED';
    good.push({ record: row.record, change: { row: row.row, code: rules.code(row.record).code, kind, version: unchanged ? versions : versions + 1 } });
  }
  progress({ phase: 'PHASE_CHECKING', done: rows.length, total: rows.length });
  violations.sort((a, b) => a.row - b.row);
  return { good, violations };
}

/** Records the rows in order; answers the last write's consistency token. */
async function recordRows<R>(requestId: string, rows: readonly GoodRow<R>[], rules: ImportRules<R>, signal: AbortSignal, progress: (update: ImportProgress) => void) {
  let consistencyToken = '';
  for (const [index, { record, change }] of rows.entries()) {
    signal.throwIfAborted();
    if (index % PROGRESS_EVERY === 0) progress({ phase: 'PHASE_RECORDING', done: index, total: rows.length });
    // Rows of different kinds may share a number (a JSON file's lists each count from 1), and rows
    // the rules add share row 0: a code appears once per kind.
    consistencyToken = await rules.record(record, `${requestId}:${rules.order(record)}-${change.code}`);
  }
  progress({ phase: 'PHASE_RECORDING', done: rows.length, total: rows.length });
  return consistencyToken;
}
