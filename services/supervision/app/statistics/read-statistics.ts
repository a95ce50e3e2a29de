import type { Figures, GroupBy, StatisticsRow } from '../../../../generated/onewindow/supervision/v1/statistics.ts';
import type { ReadModelReader, Where } from '../../../platform/readmodel/read-model-store.ts';
import type { RegionRegistry } from '../../../platform/regions/region-registry.ts';
import { type Period, computeStatistics, groupingOf } from './compute-statistics.ts';
import { STATISTICS_CELLS, type StatisticsCellDocument } from './statistics-cells.ts';

/**
 * A region's figures over a period from its roll-up cells: one cell per group and month of the
 * period, read through the index (scope, grouping, month), whatever the number of cases below it.
 */
export async function readStatistics(
  readModels: ReadModelReader,
  regions: RegionRegistry,
  query: { readonly root: string; readonly groupBy: GroupBy; readonly period: Period },
): Promise<{ total: Figures; rows: StatisticsRow[] }> {
  const { root, groupBy, period } = query;
  const months = { ...(period.from ? { gte: period.from.slice(0, 7) } : {}), ...(period.to ? { lte: period.to.slice(0, 7) } : {}) };
  const where: Where = { scope: root, grouping: groupingOf(groupBy), ...(period.from || period.to ? { month: months } : {}) };
  const cells = await readModels.find<StatisticsCellDocument>(STATISTICS_CELLS, { where });
  return computeStatistics({ regions, root, groupBy, period, cells });
}
