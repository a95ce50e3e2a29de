import { AlertLevel } from '../../../generated/onewindow/supervision/v1/watch.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { RegionLevel } from '../../platform/regions/region.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import { type GaugeSpec, enumValues } from '../../platform/telemetry/metrics.ts';
import { ALERTS } from './projections/supervision-views-projection.ts';

/** The jurisdictions the metric is broken down by (OW_SUPERVISION_METRICS_LEVEL). */
export type MetricsLevel = 'province' | 'city' | 'county';

/** Alerts of cases handled outside every region of the level, or above it (a national item's, a province's at city level). */
export const OUTSIDE_EVERY_REGION = 'other';

/** The levels from the top down to each metrics level: a count is asked only under a region that has alerts. */
const DESCENT: Readonly<Record<MetricsLevel, readonly RegionLevel[]>> = {
  province: ['LEVEL_PROVINCE'],
  city: ['LEVEL_PROVINCE', 'LEVEL_CITY'],
  county: ['LEVEL_PROVINCE', 'LEVEL_CITY', 'LEVEL_COUNTY'],
};

/**
 * Open deadline alerts by level and by jurisdiction (ow.region: the code of a region of the
 * configured level), so that a dashboard and an alert rule can follow one province or city. Read
 * from the alert view at each collection, on its index (resolvedOn, level, handlingRegionCode), the
 * same numbers after a restart or a rebuild. The national table has about 3,000 counties: counts go
 * down the tree only under regions that have open alerts (31 provinces, then their cities...), and
 * regions under one without any report nothing rather than a zero. Labels are region codes, never a
 * case or a person.
 */
export function openAlertsGauge(readModels: ReadModelReader, regions: RegionRegistry, level: MetricsLevel): GaugeSpec {
  const count = (alertLevel: string, region?: string) =>
    readModels.count(ALERTS, { resolvedOn: '', level: alertLevel, ...(region ? { handlingRegionCode: { prefix: subtreePrefix(region) } } : {}) });
  const countLevel = async (alertLevel: string) => {
    const labels = (region: string) => ({ 'ow.alert_level': alertLevel, 'ow.region': region });
    let candidates: readonly string[] = regions.atLevel('LEVEL_PROVINCE').map((region) => region.code);
    let counted: Array<readonly [number, string]> = [];
    for (const [index, regionLevel] of DESCENT[level].entries()) {
      if (index > 0) candidates = counted.filter(([open]) => open > 0).flatMap(([, code]) => regions.children(code).filter((child) => child.level === regionLevel).map((child) => child.code));
      counted = await Promise.all(candidates.map(async (code) => [await count(alertLevel, code), code] as const));
    }
    const outside = (await count(alertLevel)) - counted.reduce((sum, [open]) => sum + open, 0);
    const series = counted.map(([open, code]) => [open, labels(code)] as const);
    return outside > 0 ? [...series, [outside, labels(OUTSIDE_EVERY_REGION)] as const] : series;
  };
  return {
    name: 'onewindow.alerts.open',
    description: `Deadline alerts raised and not yet resolved, by level (yellow: time running out; red: overdue) and by ${level} (ow.region).`,
    unit: '{alert}',
    read: async () => (await Promise.all(enumValues(AlertLevel).map(countLevel))).flat(),
  };
}
