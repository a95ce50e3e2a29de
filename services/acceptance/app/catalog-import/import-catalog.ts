import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type {
  ImportOptions,
  ImportProgress,
  ImportReport,
  RowChange,
  RowViolation,
} from '../../../../generated/onewindow/common/v1/import.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { bundleDefinitionStreamId } from '../../domain/catalog/bundle-definition-decider.ts';
import { bundleViolations, itemViolations } from '../../domain/catalog/item-validation.ts';
import { sameBundle, sameItem } from '../../domain/catalog/same-definition.ts';
import { serviceItemStreamId } from '../../domain/catalog/service-item-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { publishBundle } from '../commands/publish-bundle.ts';
import { publishServiceItem } from '../commands/publish-service-item.ts';
import type { CatalogRecord, CatalogRow } from './catalog-row.ts';

/** How often progress is reported, in rows: often enough for a bar, rarely enough to cost nothing. */
const PROGRESS_EVERY = 100;
/** The violations a report lists (ImportReport.violations): a bad file's first ones say what is wrong with it. */
const LISTED_VIOLATIONS = 10_000;

interface CheckedRow {
  readonly row: number;
  readonly record: CatalogRecord;
  readonly change: RowChange;
}

/**
 * An operator imports a catalog file's items and 一件事 bundles (read by grpc/catalog-file/):
 * 1. every row is checked as PublishServiceItem and PublishBundle check them, plus within the file
 *    (a code twice; a bundle joining an item that is neither offered nor a good row of the file),
 *    and compared with what is recorded: added, revised or unchanged;
 * 2. unless it is a dry run, or the policy is all or nothing and a row is bad, the changed rows
 *    are recorded one by one, items before bundles, each under a request id of the import's own,
 *    so an import cut off and run again records only what is left.
 */
export async function importCatalog(
  app: AcceptanceApp,
  options: ImportOptions,
  rows: readonly CatalogRow[],
  caller: CallContext,
  progress: (update: ImportProgress) => void,
): Promise<ImportReport> {
  const policy = options.policy === 'IMPORT_POLICY_GOOD_ROWS' ? 'IMPORT_POLICY_GOOD_ROWS' : 'IMPORT_POLICY_ALL_OR_NOTHING';
  const { checked, violations } = await checkRows(app, rows, caller, progress);
  const refused = new Set(violations.map((violation) => violation.row)).size;
  const changed = checked.filter((row) => row.change.kind !== 'ROW_CHANGE_KIND_UNCHANGED');
  const recorded = !options.dryRun && (policy === 'IMPORT_POLICY_GOOD_ROWS' || refused === 0);
  if (recorded) await recordRows(app, options.requestId, changed, caller, progress);
  const count = (kind: RowChange['kind']) => checked.filter((row) => row.change.kind === kind).length;
  return {
    rows: rows.length,
    policy,
    dryRun: options.dryRun,
    recorded,
    added: count('ROW_CHANGE_KIND_ADDED'),
    revised: count('ROW_CHANGE_KIND_REVISED'),
    unchanged: count('ROW_CHANGE_KIND_UNCHANGED'),
    refused,
    violations: violations.slice(0, LISTED_VIOLATIONS),
    violationsLeftOut: Math.max(0, violations.length - LISTED_VIOLATIONS),
    changes: changed.map((row) => row.change),
  };
}

/** Every row's violations, and for each good row what recording it would change. */
async function checkRows(app: AcceptanceApp, rows: readonly CatalogRow[], caller: CallContext, progress: (update: ImportProgress) => void) {
  const violations: RowViolation[] = [];
  const checked: CheckedRow[] = [];
  const firstRow = new Map<string, number>();
  const goodItems = new Set<string>();
  const knownRegion = (code: string) => app.regions.has(code);
  // Items first: a bundle may join an item of the same file.
  const ordered = [...rows].sort((a, b) => kindOrder(a.record) - kindOrder(b.record) || a.row - b.row);
  for (const [index, row] of ordered.entries()) {
    if (caller.signal.aborted) throw caller.signal.reason;
    if (index % PROGRESS_EVERY === 0) progress({ phase: 'PHASE_CHECKING', done: index, total: rows.length });
    const found = [...row.violations];
    const fail = (path: string, rule: string) => found.push({ row: row.row, field: row.fieldName(path), rule });
    if (row.record && found.length === 0) {
      const [code, codeField] = row.record.kind === 'item' ? [`item:${row.record.item.itemCode}`, 'item_code'] : [`bundle:${row.record.bundle.bundleCode}`, 'bundle_code'];
      const earlier = firstRow.get(code);
      if (earlier !== undefined) fail(codeField, `must not repeat row ${earlier}: a code appears once in a file`);
      else firstRow.set(code, row.row);
      const domain = row.record.kind === 'item' ? itemViolations(row.record.item, knownRegion, '') : await bundleRowViolations(app, row.record.bundle, goodItems);
      for (const violation of domain) fail(violation.field, violation.description);
    }
    violations.push(...found);
    if (!row.record || found.length > 0) continue;
    if (row.record.kind === 'item') goodItems.add(row.record.item.itemCode);
    checked.push({ row: row.row, record: row.record, change: await changeOf(app, row.row, row.record) });
  }
  progress({ phase: 'PHASE_CHECKING', done: rows.length, total: rows.length });
  violations.sort((a, b) => a.row - b.row);
  return { checked, violations };
}

const kindOrder = (record: CatalogRecord | undefined) => (record?.kind === 'bundle' ? 1 : 0);

async function bundleRowViolations(app: AcceptanceApp, bundle: Extract<CatalogRecord, { kind: 'bundle' }>['bundle'], goodItems: ReadonlySet<string>) {
  const offered = new Set<string>();
  for (const code of bundle.memberItemCodes) {
    if (goodItems.has(code) || (await app.catalog.offeredItem(code).then(() => true, () => false))) offered.add(code);
  }
  return bundleViolations(bundle, (code) => app.regions.has(code), (code) => offered.has(code), '');
}

/** What recording a good row would do to what is recorded: the deciders' own rule (same-definition.ts). */
async function changeOf(app: AcceptanceApp, row: number, record: CatalogRecord): Promise<RowChange> {
  if (record.kind === 'item') {
    const { state } = await app.items.load(serviceItemStreamId(record.item.itemCode));
    const current: ServiceItem | undefined = state.versions.at(-1);
    const unchanged = !state.retired && sameItem(record.item, current);
    return rowChange(row, record.item.itemCode, state.versions.length, unchanged);
  }
  const { state } = await app.bundleDefinitions.load(bundleDefinitionStreamId(record.bundle.bundleCode));
  return rowChange(row, record.bundle.bundleCode, state.versions.length, sameBundle(record.bundle, state.versions.at(-1)));
}

function rowChange(row: number, code: string, versions: number, unchanged: boolean): RowChange {
  if (unchanged) return { row, code, kind: 'ROW_CHANGE_KIND_UNCHANGED', version: versions };
  return { row, code, kind: versions === 0 ? 'ROW_CHANGE_KIND_ADDED' : 'ROW_CHANGE_KIND_REVISED', version: versions + 1 };
}

/** Records the changed rows, items before bundles (the order they were checked in). */
async function recordRows(app: AcceptanceApp, requestId: string, rows: readonly CheckedRow[], caller: CallContext, progress: (update: ImportProgress) => void) {
  for (const [index, { row, record }] of rows.entries()) {
    if (caller.signal.aborted) throw caller.signal.reason;
    if (index % PROGRESS_EVERY === 0) progress({ phase: 'PHASE_RECORDING', done: index, total: rows.length });
    const rowRequestId = `${requestId}:${record.kind}-${row}`;
    if (record.kind === 'item') await publishServiceItem(app, { requestId: rowRequestId, item: { ...record.item, version: 0 } }, caller);
    else await publishBundle(app, { requestId: rowRequestId, bundle: { ...record.bundle, version: 0 } }, caller);
  }
  progress({ phase: 'PHASE_RECORDING', done: rows.length, total: rows.length });
}
