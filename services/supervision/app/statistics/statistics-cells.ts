import { NATIONAL_REGION_CODE, isRegionCode } from '../../../platform/codes/region-code.ts';
import type { CollectionSpec, ReadModelDocument, ReadModelTransaction } from '../../../platform/readmodel/read-model-store.ts';
import type { Contribution, FactCollections } from './fact-contributions.ts';
import { type Counts, addCounts, emptyCounts, isZero } from './statistic-counts.ts';

/** What a statistics row groups by, as cells are kept (by month and by nothing are read from the region cells). */
export type Grouping = 'region' | 'department' | 'hall' | 'item' | 'channel';
const GROUPINGS: readonly Grouping[] = ['region', 'department', 'hall', 'item', 'channel'];

/**
 * A roll-up cell: the counts of one region's subtree (its scope) for one group (a child region,
 * a department, a hall, an item or a channel) over one month, day by day. Every fact adds to the
 * cells of each region above it, so a query at any level reads a cell per group and month,
 * however many cases there are.
 */
export interface StatisticsCellDocument extends ReadModelDocument {
  readonly scope: string;
  readonly grouping: Grouping;
  /** For `region`, the child region of the scope the facts are in, or the scope itself (its own row). */
  readonly key: string;
  /** "YYYY-MM". */
  readonly month: string;
  /** The item's name, for `item` cells (the latest a fact gave); else empty. */
  readonly name: string;
  /** The month's counts: what a period that covers the whole month reads. */
  readonly total: Counts;
  /**
   * The counts by day, "DD=n,n,...;DD=..." (days that add up to nothing left out): kept as text,
   * so that reading a cell parses it only when a period starts or ends within the month.
   */
  readonly days: string;
}

/** The day counts of a cell, by day of the month ("01" to "31"). */
export function daysOf(cell: Pick<StatisticsCellDocument, 'days'>): Map<string, Counts> {
  const days = new Map<string, Counts>();
  for (const entry of cell.days ? cell.days.split(';') : []) {
    const [day = '', counts = ''] = entry.split('=');
    days.set(day, counts.split(',').map(Number));
  }
  return days;
}

function encodeDays(days: ReadonlyMap<string, Counts>): string {
  return [...days.keys()].sort().map((day) => `${day}=${days.get(day)!.join(',')}`).join(';');
}

export const STATISTICS_CELLS = 'statistics_cells';
export const statisticsCellsCollection: CollectionSpec = { name: STATISTICS_CELLS, indexes: [['scope', 'grouping', 'month']] };

/**
 * The regions whose subtrees a code lies in, the nation first, by the code's own digits (GB/T 2260
 * for province, city and county; GB/T 10114 for the township), as jurisdictions are: the same on
 * every replay, whatever edition of the division table is loaded.
 */
export function scopesOf(code: string): string[] {
  if (!isRegionCode(code) || code === NATIONAL_REGION_CODE) return [NATIONAL_REGION_CODE];
  const chain = [NATIONAL_REGION_CODE, `${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code.slice(0, 6), code];
  return chain.filter((scope, i) => chain.indexOf(scope) === i);
}

type CellKey = Omit<StatisticsCellDocument, 'days' | 'name' | 'total'>;

interface CellDelta {
  readonly cell: CellKey;
  name: string;
  readonly days: Map<string, Counts>;
}

/** The cells a fact counts in, each with the key it counts under. */
function cellsOf(contribution: Contribution): CellKey[] {
  const { dimensions: d, day } = contribution;
  const month = day.slice(0, 7);
  const scopes = scopesOf(d.regionCode);
  return scopes.flatMap((scope, level) => {
    const keys: Record<Grouping, string> = { region: scopes[level + 1] ?? scope, department: d.department, hall: d.hallId, item: d.itemCode, channel: d.channel };
    return GROUPINGS.map((grouping) => ({ id: `${scope}|${grouping}|${month}|${keys[grouping]}`, scope, grouping, key: keys[grouping], month }));
  });
}

/**
 * The cell changes of one batch of events: what each changed document counted before is taken
 * out, what it counts now put in, and at the end of the batch each cell whose counts moved is
 * written once (the nation's cells move with nearly every case).
 */
export class StatisticsCellBatch {
  readonly #deltas = new Map<string, CellDelta>();

  /** A fact's change: the contributions of its document before and after. */
  change(before: readonly Contribution[], after: readonly Contribution[]): void {
    for (const contribution of before) this.#add(contribution, -1);
    for (const contribution of after) this.#add(contribution, 1);
  }

  async write(tx: ReadModelTransaction): Promise<void> {
    for (const delta of this.#deltas.values()) {
      if ([...delta.days.values()].every(isZero)) continue;
      await applyDelta(tx, delta);
    }
    this.#deltas.clear();
  }

  #add(contribution: Contribution, sign: number): void {
    for (const cell of cellsOf(contribution)) {
      const delta = this.#deltas.get(cell.id) ?? { cell, name: '', days: new Map<string, Counts>() };
      const day = contribution.day.slice(8, 10);
      const counts = delta.days.get(day) ?? emptyCounts();
      addCounts(counts, contribution.counts, sign);
      delta.days.set(day, counts);
      if (sign > 0 && cell.grouping === 'item' && contribution.dimensions.itemName) delta.name = contribution.dimensions.itemName;
      this.#deltas.set(cell.id, delta);
    }
  }
}

async function applyDelta(tx: ReadModelTransaction, { cell, name, days }: CellDelta): Promise<void> {
  const existing = await tx.get<StatisticsCellDocument>(STATISTICS_CELLS, cell.id);
  const merged = existing ? daysOf(existing) : new Map<string, Counts>();
  for (const [day, counts] of days) {
    const sum = merged.get(day) ?? emptyCounts();
    addCounts(sum, counts);
    if (isZero(sum)) merged.delete(day);
    else merged.set(day, sum);
  }
  if (merged.size === 0) return existing ? tx.delete(STATISTICS_CELLS, cell.id) : undefined;
  const total = emptyCounts();
  for (const counts of merged.values()) addCounts(total, counts);
  await tx.put<StatisticsCellDocument>(STATISTICS_CELLS, { ...cell, name: name || existing?.name || '', total, days: encodeDays(merged) });
}

/**
 * The projection's transaction, keeping the cells in step: every write of a watched case, an alert
 * or a rating also moves the batch's cells by what the document counts now less what it counted before.
 */
export function countingStatistics(tx: ReadModelTransaction, facts: FactCollections, cells: StatisticsCellBatch): ReadModelTransaction {
  const contributionsOf = (collection: string, document: unknown) => (document ? facts[collection]!(document as never) : []);
  return {
    get: (collection, id) => tx.get(collection, id),
    find: (collection, query) => tx.find(collection, query),
    count: (collection, where) => tx.count(collection, where),
    async delete(collection, id) {
      const before = Object.hasOwn(facts, collection) ? await tx.get(collection, id) : undefined;
      await tx.delete(collection, id);
      if (before) cells.change(contributionsOf(collection, before), []);
    },
    streamVersion: (streamKey) => tx.streamVersion(streamKey),
    setStreamVersion: (streamKey, version) => tx.setStreamVersion(streamKey, version),
    setCheckpoint: (position) => tx.setCheckpoint(position),
    async put(collection, document) {
      if (!Object.hasOwn(facts, collection)) return tx.put(collection, document);
      const before = await tx.get(collection, document.id);
      await tx.put(collection, document);
      cells.change(contributionsOf(collection, before), contributionsOf(collection, document));
    },
  };
}
