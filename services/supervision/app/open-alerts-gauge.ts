import { AlertLevel } from '../../../generated/onewindow/supervision/v1/watch.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { RegionLevel } from '../../platform/regions/region.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import { type GaugeSpec, enumValues } from '../../platform/telemetry/metrics.ts';
import { ALERTS } from './projections/supervision-views-projection.ts';

/** The jurisdictions the metric is broken down by (OW_SUPERVISION_METRICS_LEVEL). */
export type MetricsLevel = 'province' | 'city' | 'county';

const LEVELS: Readonly<Record<MetricsLevel, RegionLevel>> = { province: 'LEVEL_PROVINCE', city: 'LEVEL_CITY', county: 'LEVEL_COUNTY' };

/** Alerts of cases handled outside every region of the level, or above it (a national item's, a province's at city level). */
export const OUTSIDE_EVERY_REGION = 'other';

/**
 * Open deadline alerts by level and by jurisdiction (ow.region: the code of each region of the
 * configured level), so that a dashboard and an alert rule can follow one province or city. Read
 * from the alert view at each collection: one count per region and level on the index (resolvedOn,
 * level, handlingRegionCode), the same numbers after a restart or a rebuild. Labels are region codes, never a case or a person.
 */
export function openAlertsGauge(readModels: ReadModelReader, regions: RegionRegistry, level: MetricsLevel): GaugeSpec {
  const jurisdictions = regions.atLevel(LEVELS[level]).map((region) => region.code);
  const countOne = async (alertLevel: string, region: string) =>
    [await readModels.count(ALERTS, { resolvedOn: '', level: alertLevel, handlingRegionCode: { prefix: subtreePrefix(region) } }), { 'ow.alert_level': alertLevel, 'ow.region': region }] as const;
  const countLevel = async (alertLevel: string) => {
    const [all, ...byRegion] = await Promise.all([readModels.count(ALERTS, { resolvedOn: '', level: alertLevel }), ...jurisdictions.map((region) => countOne(alertLevel, region))]);
    const outside = all - byRegion.reduce((sum, [count]) => sum + count, 0);
    return outside > 0 ? [...byRegion, [outside, { 'ow.alert_level': alertLevel, 'ow.region': OUTSIDE_EVERY_REGION }] as const] : byRegion;
  };
  return {
    name: 'onewindow.alerts.open',
    description: `Deadline alerts raised and not yet resolved, by level (yellow: time running out; red: overdue) and by ${level} (ow.region).`,
    unit: '{alert}',
    read: async () => (await Promise.all(enumValues(AlertLevel).map(countLevel))).flat(),
  };
}
