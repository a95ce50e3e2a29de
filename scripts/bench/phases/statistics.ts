import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel } from '../../../generated/onewindow/common/v1/actor.ts';
import type { GroupBy } from '../../../generated/onewindow/supervision/v1/statistics.ts';
import { supervisionViewsProjection } from '../../../services/supervision/app/projections/supervision-views-projection.ts';
import type { Contribution } from '../../../services/supervision/app/statistics/fact-contributions.ts';
import { readStatistics } from '../../../services/supervision/app/statistics/read-statistics.ts';
import { STATISTICS_CELLS, StatisticsCellBatch } from '../../../services/supervision/app/statistics/statistics-cells.ts';
import * as at from '../../../services/supervision/app/statistics/statistic-counts.ts';
import { SqliteReadModelStore } from '../../../services/platform/readmodel/sqlite-read-model-store.ts';
import { RegionRegistry } from '../../../services/platform/regions/region-registry.ts';
import { regionTree } from '../../../services/platform/regions/region-tree.ts';
import { addDays } from '../../../services/platform/time/calendar-date.ts';
import { createRandom } from '../../reliability/prng.ts';
import { progress, temporaryDirectory } from '../fixtures.ts';
import type { Row } from '../report.ts';
import { Samples } from '../stats.ts';

const CHANNELS: readonly Channel[] = ['CHANNEL_COUNTER', 'CHANNEL_PC', 'CHANNEL_MOBILE', 'CHANNEL_KIOSK', 'CHANNEL_HOTLINE', 'CHANNEL_MAIL'];
/** Cases per batch of roll-up writes, as the projection writes a batch's cells once. */
const CASES_PER_BATCH = 250_000;
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const HANDLING_REGIONS = 120;
const ITEMS = 30;

/**
 * GetStatistics over a year at the nation, a province and a township, on roll-ups of `cases`
 * generated cases, against reading one document of the same store. The cases are handled in 120
 * counties and townships of every province (six departments and two halls each, 30 items, six
 * channels, every day of 2026); their cells are written by the projection's own StatisticsCellBatch
 * and read by the RPC's own readStatistics, in process (the RPC adds its transport, about a
 * millisecond, see the transport row).
 */
export async function measureStatistics(settings: { cases: number; queries: number }, rows: Row[]): Promise<void> {
  const regions = new RegionRegistry(regionTree);
  const dir = temporaryDirectory('statistics');
  const readModels = new SqliteReadModelStore(join(dir, 'readmodels.sqlite'));
  try {
    await readModels.define(supervisionViewsProjection.collections);
    const leaves = handlingRegions(regions);
    const started = performance.now();
    await writeRollups(readModels, leaves, settings.cases);
    const cells = await readModels.count(STATISTICS_CELLS);
    progress(`statistics: roll-ups of ${settings.cases.toLocaleString('en')} cases in ${cells.toLocaleString('en')} cells written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const township = leaves.find((code) => code.length === 9 && code.startsWith('35'))!;
    const baseline = await latency(settings.queries, () => readModels.get(STATISTICS_CELLS, `100000|region|2026-06|350000`));
    const levels: ReadonlyArray<readonly [string, string, GroupBy]> = [
      ['national', '100000', 'GROUP_BY_REGION'],
      ['province', '350000', 'GROUP_BY_REGION'],
      ['township', township, 'GROUP_BY_REGION'],
      ['national, by item', '100000', 'GROUP_BY_ITEM'],
    ];
    for (const [level, root, groupBy] of levels) {
      const result = await readStatistics(readModels, regions, { root, groupBy, period: YEAR });
      const ours = await latency(settings.queries, () => readStatistics(readModels, regions, { root, groupBy, period: YEAR }));
      rows.push({
        phase: 'statistics',
        metric: `GetStatistics p99, ${level}, a year`,
        unit: 'ms',
        ours: ours.percentile(99),
        baseline: baseline.percentile(99),
        baselineName: 'reading one roll-up document (p99)',
        target: { on: 'ours', op: '<=', value: 20 },
        note: `${result.rows.length} rows, ${result.total.received.toLocaleString('en')} cases received, p50 ${ours.percentile(50).toFixed(2)} ms`,
      });
    }
  } finally {
    await readModels.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The handling regions: a county and a township of every province, 鼓楼区's townships, then others, the same on every run. */
function handlingRegions(regions: RegionRegistry): string[] {
  const random = createRandom(20_26);
  const counties = regions.atLevel('LEVEL_COUNTY');
  const townships = regions.atLevel('LEVEL_TOWNSHIP');
  const picked = new Set<string>();
  for (const province of regions.atLevel('LEVEL_PROVINCE')) {
    const prefix = province.code.slice(0, 2);
    picked.add(random.pick(counties.filter((r) => r.code.startsWith(prefix))).code);
    picked.add(random.pick(townships.filter((r) => r.code.startsWith(prefix))).code);
  }
  // A whole county of 福建 with its townships, then counties and townships anywhere.
  for (const region of townships.filter((r) => r.code.startsWith('350102'))) picked.add(region.code);
  while (picked.size < HANDLING_REGIONS) picked.add(random.pick(random.next() < 0.5 ? counties : townships).code);
  return [...picked];
}

/** Each case: received and accepted on its day, mostly concluded, often rated, sometimes alerted. */
async function writeRollups(readModels: SqliteReadModelStore, leaves: readonly string[], cases: number): Promise<void> {
  const random = createRandom(1_000_000);
  for (let done = 0; done < cases; done += CASES_PER_BATCH) {
    const batch = new StatisticsCellBatch();
    for (let i = done; i < Math.min(cases, done + CASES_PER_BATCH); i++) {
      const regionCode = random.pick(leaves);
      const day = addDays('2026-01-01', random.int(365));
      const dimensions = { regionCode, department: `D${random.int(6)}`, hallId: `${regionCode}-H${random.int(2)}`, itemCode: `ITEM-${random.int(ITEMS)}`, itemName: '事项', channel: random.pick(CHANNELS) };
      const counts = at.emptyCounts();
      counts[at.RECEIVED] = 1;
      counts[at.ACCEPTED] = 1;
      if (random.next() < 0.85) {
        counts[at.CONCLUDED] = 1;
        counts[at.ON_TIME] = random.next() < 0.9 ? 1 : 0;
        counts[at.WITHIN_STATUTORY_LIMIT] = 1;
        counts[at.WORKING_DAYS_USED] = 1 + random.int(20);
      }
      if (random.next() < 0.1) counts[at.YELLOW_ALERTS] = 1;
      if (random.next() < 0.5) {
        counts[at.RATINGS] = 1;
        counts[at.RATING_LEVELS + random.int(5)] = 1;
      }
      const contribution: Contribution = { dimensions, day, counts };
      batch.change([], [contribution]);
    }
    await readModels.update('statistics-bench', (tx) => batch.write(tx));
    if ((done / CASES_PER_BATCH) % 10 === 9) progress(`statistics: ${(done + CASES_PER_BATCH).toLocaleString('en')} cases rolled up`);
  }
}

async function latency(queries: number, read: () => Promise<unknown>): Promise<Samples> {
  const samples = new Samples();
  for (let i = 0; i < queries; i++) {
    const started = performance.now();
    await read();
    samples.add(performance.now() - started);
  }
  return samples;
}
