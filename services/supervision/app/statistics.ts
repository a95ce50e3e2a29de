import type { Channel } from '../../../generated/onewindow/common/v1/actor.ts';
import type { Figures, GroupBy, StatisticsRow } from '../../../generated/onewindow/supervision/v1/statistics.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import type { AlertDocument, RatingDocument, WatchDocument } from './projections/supervision-views-projection.ts';

/** What statistics count: the cases, alerts and ratings of one region's subtree. */
export interface StatisticsFacts {
  readonly watches: readonly WatchDocument[];
  readonly alerts: readonly AlertDocument[];
  readonly ratings: readonly RatingDocument[];
}

/** Days both included, "YYYY-MM-DD"; "" leaves that end open. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/** The dimensions one fact is grouped by, and the day it counts on. */
interface Dimensions {
  readonly regionCode: string;
  readonly department: string;
  readonly hallId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly channel: Channel;
}

/** The counts behind the figures, as numbers while they add up. */
interface Counts {
  received: number;
  accepted: number;
  concluded: number;
  onTime: number;
  withinStatutoryLimit: number;
  workingDaysUsed: number;
  yellowAlerts: number;
  redAlerts: number;
  ratingLevels: number[];
  ratings: number;
  badRatings: number;
  rectified: number;
  followedUp: number;
}

const channelNames: Readonly<Record<Channel, string>> = {
  CHANNEL_UNSPECIFIED: '未注明', CHANNEL_COUNTER: '窗口', CHANNEL_PC: 'PC 端', CHANNEL_MOBILE: '移动端', CHANNEL_KIOSK: '自助终端', CHANNEL_HOTLINE: '12345 热线', CHANNEL_MAIL: '邮寄', UNRECOGNIZED: '未知',
};

const emptyCounts = (): Counts => ({
  received: 0, accepted: 0, concluded: 0, onTime: 0, withinStatutoryLimit: 0, workingDaysUsed: 0, yellowAlerts: 0, redAlerts: 0,
  ratingLevels: [0, 0, 0, 0, 0], ratings: 0, badRatings: 0, rectified: 0, followedUp: 0,
});

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function figuresOf(counts: Counts): Figures {
  const n = BigInt;
  return {
    received: n(counts.received),
    accepted: n(counts.accepted),
    concluded: n(counts.concluded),
    onTime: n(counts.onTime),
    withinStatutoryLimit: n(counts.withinStatutoryLimit),
    workingDaysUsed: n(counts.workingDaysUsed),
    yellowAlerts: n(counts.yellowAlerts),
    redAlerts: n(counts.redAlerts),
    ratingLevels: counts.ratingLevels.map(n),
    ratings: n(counts.ratings),
    badRatings: n(counts.badRatings),
    rectified: n(counts.rectified),
    followedUp: n(counts.followedUp),
    averageWorkingDays: rate(counts.workingDaysUsed, counts.concluded),
    satisfactionRate: rate(counts.ratingLevels[0]! + counts.ratingLevels[1]! + counts.ratingLevels[2]!, counts.ratings),
    rectificationRate: rate(counts.followedUp, counts.badRatings),
  };
}

/**
 * Figures of a region's subtree over a period, in total and grouped (国办发〔2019〕51号 for ratings;
 * roll-ups township → county → city → province → nation). Each fact counts on its own day: a case
 * is received, accepted and concluded on three days, so each figure takes the cases whose day lies
 * in the period. Grouped by region, every fact falls in exactly one row: the child region on its
 * lineage, or the region's own row; so the rows always add up to the total.
 */
export function computeStatistics(options: {
  regions: RegionRegistry;
  root: string;
  groupBy: GroupBy;
  period: Period;
  facts: StatisticsFacts;
}): { total: Figures; rows: StatisticsRow[] } {
  const { regions, root, groupBy, period, facts } = options;
  const inPeriod = (day: string) => day !== '' && (!period.from || day >= period.from) && (!period.to || day <= period.to);
  const groups = new Map<string, { name: string; own: boolean; counts: Counts }>();
  const total = emptyCounts();

  const groupOf = (d: Dimensions, day: string): { key: string; name: string; own: boolean } => {
    switch (groupBy) {
      case 'GROUP_BY_REGION': {
        const lineage = regions.knownLineage(d.regionCode);
        const at = lineage.findIndex((r) => r.code === root);
        const child = at >= 0 ? lineage[at + 1] : undefined;
        return child ? { key: child.code, name: child.name, own: false } : { key: root, name: regions.get(root)?.name ?? root, own: true };
      }
      case 'GROUP_BY_DEPARTMENT':
        return { key: d.department, name: d.department, own: false };
      case 'GROUP_BY_HALL':
        return { key: d.hallId, name: d.hallId || '线上及其他渠道', own: false };
      case 'GROUP_BY_ITEM':
        return { key: d.itemCode, name: d.itemName || d.itemCode, own: false };
      case 'GROUP_BY_CHANNEL':
        return { key: d.channel, name: channelNames[d.channel], own: false };
      case 'GROUP_BY_MONTH':
        return { key: day.slice(0, 7), name: day.slice(0, 7), own: false };
      default:
        return { key: '', name: '', own: false };
    }
  };
  const count = (d: Dimensions, day: string, add: (counts: Counts) => void) => {
    if (!inPeriod(day)) return;
    add(total);
    const { key, name, own } = groupOf(d, day);
    const group = groups.get(key) ?? { name, own, counts: emptyCounts() };
    add(group.counts);
    groups.set(key, group);
  };

  for (const w of facts.watches) {
    const d: Dimensions = { regionCode: w.handlingRegionCode, department: w.handlingDepartment, hallId: w.hallId, itemCode: w.itemCode, itemName: w.itemName, channel: w.channel };
    count(d, w.receivedOn, (c) => (c.received += 1));
    count(d, w.acceptedOn, (c) => (c.accepted += 1));
    if (w.outcome === 'OUTCOME_APPROVED' || w.outcome === 'OUTCOME_DENIED') {
      count(d, w.concludedOn, (c) => {
        c.concluded += 1;
        c.onTime += w.withinPromisedLimit ? 1 : 0;
        c.withinStatutoryLimit += w.withinStatutoryLimit ? 1 : 0;
        c.workingDaysUsed += w.workingDaysUsed;
      });
    }
  }
  for (const a of facts.alerts) {
    if (a.voided) continue;
    const d: Dimensions = { regionCode: a.handlingRegionCode, department: a.handlingDepartment, hallId: a.hallId, itemCode: a.itemCode, itemName: a.itemName, channel: a.channel };
    count(d, a.raisedOn, (c) => (a.level === 'ALERT_LEVEL_RED' ? (c.redAlerts += 1) : (c.yellowAlerts += 1)));
  }
  for (const r of facts.ratings) {
    if (r.excluded) continue;
    const d: Dimensions = { regionCode: r.handlingRegionCode, department: r.handlingDepartment, hallId: r.hallId, itemCode: r.itemCode, itemName: '', channel: r.caseChannel };
    count(d, r.ratedOn, (c) => {
      c.ratings += 1;
      c.ratingLevels[r.level - 1]! += 1;
      if (r.bad) {
        c.badRatings += 1;
        c.rectified += r.rectified ? 1 : 0;
        c.followedUp += r.followedUp ? 1 : 0;
      }
    });
  }
  const rows = [...groups.entries()]
    .map(([key, group]): StatisticsRow => ({ key, name: group.name, own: group.own, figures: figuresOf(group.counts) }))
    .sort((a, b) => Number(a.own) - Number(b.own) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { total: figuresOf(total), rows };
}
