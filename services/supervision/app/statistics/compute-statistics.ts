import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import type { Figures, GroupBy, StatisticsRow } from '../../../../generated/onewindow/supervision/v1/statistics.ts';
import type { RegionRegistry } from '../../../platform/regions/region-registry.ts';
import { type Grouping, type StatisticsCellDocument, daysOf } from './statistics-cells.ts';
import { type Counts, addCounts, emptyCounts, figuresOf } from './statistic-counts.ts';

/** Days both included, "YYYY-MM-DD"; "" leaves that end open. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

const channelNames: Readonly<Record<Channel, string>> = {
  CHANNEL_UNSPECIFIED: '未注明', CHANNEL_COUNTER: '窗口', CHANNEL_PC: 'PC 端', CHANNEL_MOBILE: '移动端', CHANNEL_KIOSK: '自助终端', CHANNEL_HOTLINE: '12345 热线', CHANNEL_MAIL: '邮寄', UNRECOGNIZED: '未知',
};

/** The cells a grouping reads: by month and by nothing add up the region cells. */
export function groupingOf(groupBy: GroupBy): Grouping {
  const kept: Partial<Record<GroupBy, Grouping>> = { GROUP_BY_DEPARTMENT: 'department', GROUP_BY_HALL: 'hall', GROUP_BY_ITEM: 'item', GROUP_BY_CHANNEL: 'channel' };
  return kept[groupBy] ?? 'region';
}

/**
 * Figures of a region's subtree over a period, in total and grouped (国办发〔2019〕51号 for ratings;
 * roll-ups township → county → city → province → nation), from the roll-up cells of the region
 * (statistics-cells.ts). Each fact counts on its own day: a case is received, accepted and
 * concluded on three days, so each figure takes the cases whose day lies in the period. Grouped by
 * region, every fact falls in exactly one row: the child region it is in, or the region's own row;
 * so the rows always add up to the total.
 */
export function computeStatistics(options: {
  regions: RegionRegistry;
  root: string;
  groupBy: GroupBy;
  period: Period;
  cells: readonly StatisticsCellDocument[];
}): { total: Figures; rows: StatisticsRow[] } {
  const { regions, root, groupBy, period, cells } = options;
  const inPeriod = (day: string) => (!period.from || day >= period.from) && (!period.to || day <= period.to);
  const groups = new Map<string, { name: string; own: boolean; counts: Counts }>();
  const total = emptyCounts();
  for (const cell of cells) {
    // The cell's group, named once: a row appears only when something of the period counts in it.
    const { key, name, own } = groupOf(regions, root, groupBy, cell);
    const count = (counts: Counts) => {
      addCounts(total, counts);
      const group = groups.get(key) ?? { name, own, counts: emptyCounts() };
      addCounts(group.counts, counts);
      groups.set(key, group);
    };
    // A month the period covers whole counts its total; only a month it starts or ends in is read by day.
    if (inPeriod(`${cell.month}-01`) && inPeriod(`${cell.month}-31`)) count(cell.total);
    else for (const [day, counts] of daysOf(cell)) if (inPeriod(`${cell.month}-${day}`)) count(counts);
  }
  const rows = [...groups.entries()]
    .map(([key, group]): StatisticsRow => ({ key, name: group.name, own: group.own, figures: figuresOf(group.counts) }))
    .sort((a, b) => Number(a.own) - Number(b.own) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { total: figuresOf(total), rows };
}

function groupOf(regions: RegionRegistry, root: string, groupBy: GroupBy, cell: StatisticsCellDocument): { key: string; name: string; own: boolean } {
  switch (groupBy) {
    case 'GROUP_BY_REGION':
      return { key: cell.key, name: regions.get(cell.key)?.name ?? cell.key, own: cell.key === root };
    case 'GROUP_BY_DEPARTMENT':
      return { key: cell.key, name: cell.key, own: false };
    case 'GROUP_BY_HALL':
      return { key: cell.key, name: cell.key || '线上及其他渠道', own: false };
    case 'GROUP_BY_ITEM':
      return { key: cell.key, name: cell.name || cell.key, own: false };
    case 'GROUP_BY_CHANNEL':
      return { key: cell.key, name: channelNames[cell.key as Channel] ?? cell.key, own: false };
    case 'GROUP_BY_MONTH':
      return { key: cell.month, name: cell.month, own: false };
    default:
      return { key: '', name: '', own: false };
  }
}
