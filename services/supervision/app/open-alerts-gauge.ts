import { AlertLevel } from '../../../generated/onewindow/supervision/v1/watch.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { RegionLevel } from '../../platform/regions/region.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import { type GaugeSpec, enumValues } from '../../platform/telemetry/metrics.ts';
import { ALERTS } from './projections/supervision-documents.ts';

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
 * down the tree only under regions that have open alerts (31 provinces, then their cities...); a
 * region with no child at the next level (东莞's townships hang on the city) stands for itself. A
 * region once reported is reported at every collection after, 0 when its alerts are resolved:
 * OpenTelemetry's cumulative gauges would otherwise keep exporting its last count. Labels are
 * region codes, never a case or a person.
 */
export function openAlertsGauge(readModels: ReadModelReader, regions: RegionRegistry, level: MetricsLevel): GaugeSpec {
  const count = (alertLevel: string, region?: string) =>
    readModels.count(ALERTS, { resolvedOn: '', level: alertLevel, ...(region ? { handlingRegionCode: { prefix: subtreePrefix(region) } } : {}) });
  /** The regions of the metrics level worth counting, with their counts. */
  const descend = async (alertLevel: string) => {
    let counted: ReadonlyArray<readonly [number, string]> = [];
    for (const [index, regionLevel] of DESCENT[level].entries()) {
      const candidates =
        index === 0
          ? regions.atLevel(regionLevel).map((region) => region.code)
          : counted.filter(([open]) => open > 0).flatMap(([, code]) => {
              const below = regions.children(code).filter((child) => child.level === regionLevel);
              return below.length > 0 ? below.map((child) => child.code) : [code];
            });
      counted = await Promise.all(candidates.map(async (code) => [await count(alertLevel, code), code] as const));
    }
    return counted;
  };
  const reported = new Map<string, Set<string>>();
  const countLevel = async (alertLevel: string) => {
    const counted = await descend(alertLevel);
    const now = new Map(counted.map(([open, code]) => [code, open]));
    const outside = (await count(alertLevel)) - counted.reduce((sum, [open]) => sum + open, 0);
    if (outside > 0) now.set(OUTSIDE_EVERY_REGION, outside);
    const seen = reported.get(alertLevel) ?? new Set<string>();
    for (const code of seen) if (!now.has(code)) now.set(code, 0);
    reported.set(alertLevel, new Set([...seen, ...now.keys()]));
    return [...now].map(([code, open]) => [open, { 'ow.alert_level': alertLevel, 'ow.region': code }] as const);
  };
  return {
    name: 'onewindow.alerts.open',
    description: `Deadline alerts raised and not yet resolved, by level (yellow: time running out; red: overdue) and by ${level} (ow.region).`,
    unit: '{alert}',
    read: async () => (await Promise.all(enumValues(AlertLevel).map(countLevel))).flat(),
  };
}
