import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../platform/readmodel/sqlite-read-model-store.ts';
import { RegionRegistry } from '../../platform/regions/region-registry.ts';
import { regionTree } from '../../platform/regions/region-tree.ts';
import { OUTSIDE_EVERY_REGION, openAlertsGauge } from './open-alerts-gauge.ts';
import { supervisionViewsProjection } from './projections/supervision-views-projection.ts';
import { ALERTS } from './projections/supervision-documents.ts';

const regions = new RegionRegistry(regionTree);

describe('the open-alerts metric, by jurisdiction', () => {
  let store: SqliteReadModelStore;

  beforeAll(async () => {
    store = new SqliteReadModelStore(join(mkdtempSync(join(tmpdir(), 'ow-gauge-')), 'views.sqlite'));
    await store.define(supervisionViewsProjection.collections);
    // Gulou (a county of Fuzhou) 2 red and 1 yellow, a township of Xiamen 1 red, Tianhe 1 red but
    // resolved, and a national item's case 1 yellow.
    const alerts = [
      ['350102', 'ALERT_LEVEL_RED', ''], ['350102001', 'ALERT_LEVEL_RED', ''], ['350102', 'ALERT_LEVEL_YELLOW', ''],
      ['350203001', 'ALERT_LEVEL_RED', ''], ['440106', 'ALERT_LEVEL_RED', '2026-11-02'], ['100000', 'ALERT_LEVEL_YELLOW', ''],
    ];
    await store.update('test', async (tx) => {
      for (const [index, [handlingRegionCode, level, resolvedOn]] of alerts.entries()) await tx.put(ALERTS, { id: `alert-${index}`, handlingRegionCode, level, resolvedOn, dueOn: '2026-10-08' });
    });
  });

  afterAll(() => store.close());

  const read = async (level: 'province' | 'city' | 'county') =>
    Object.fromEntries((await openAlertsGauge(store, regions, level).read()).filter(([count]) => count > 0).map(([count, labels]) => [`${labels['ow.alert_level']} ${labels['ow.region']}`, count]));

  it('counts the open alerts of each province, and those outside every province apart', async () => {
    expect(await read('province')).toEqual({
      'ALERT_LEVEL_RED 350000': 3,
      'ALERT_LEVEL_YELLOW 350000': 1,
      [`ALERT_LEVEL_YELLOW ${OUTSIDE_EVERY_REGION}`]: 1,
    });
  });

  it('counts them by city, for a province\'s dashboard', async () => {
    expect(await read('city')).toEqual({
      'ALERT_LEVEL_RED 350100': 2,
      'ALERT_LEVEL_RED 350200': 1,
      'ALERT_LEVEL_YELLOW 350100': 1,
      [`ALERT_LEVEL_YELLOW ${OUTSIDE_EVERY_REGION}`]: 1,
    });
  });

  it('goes down the tree only where alerts are open: every county of a city that has some, a zero for those without, nothing elsewhere', async () => {
    const series = await openAlertsGauge(store, regions, 'county').read();
    const red = Object.fromEntries(series.filter(([, labels]) => labels['ow.alert_level'] === 'ALERT_LEVEL_RED').map(([count, labels]) => [labels['ow.region'], count]));
    const countiesOf = (city: string) => regions.children(city).filter((child) => child.level === 'LEVEL_COUNTY').map((child) => child.code);
    expect(Object.keys(red).sort()).toEqual([...countiesOf('350100'), ...countiesOf('350200')].sort());
    expect(red).toMatchObject({ '350102': 2, '350121': 0, '350203': 1 });
    // Tianhe's only red alert is resolved: Guangdong has none open, so none of its counties is counted.
    expect(red['440106']).toBeUndefined();
  });

  it('reports a region once reported at every collection after, 0 once its alerts are resolved (a cumulative gauge keeps the last value otherwise)', async () => {
    const gauge = openAlertsGauge(store, regions, 'county');
    const red = async () => Object.fromEntries((await gauge.read()).filter(([, labels]) => labels['ow.alert_level'] === 'ALERT_LEVEL_RED').map(([count, labels]) => [labels['ow.region'], count]));
    expect((await red())['350203']).toBe(1);
    await store.update('test', async (tx) => tx.put(ALERTS, { id: 'alert-3', handlingRegionCode: '350203001', level: 'ALERT_LEVEL_RED', resolvedOn: '2026-11-03', dueOn: '2026-10-08' }));
    const after = await red();
    // Xiamen has no open alert left, so its counties are not counted any more: reported as 0.
    expect(after['350203']).toBe(0);
    expect(after['350102']).toBe(2);
  });

  it('counts a city without counties (东莞) as itself at county level, not as "other"', async () => {
    await store.update('test', async (tx) => tx.put(ALERTS, { id: 'alert-dongguan', handlingRegionCode: '441900003', level: 'ALERT_LEVEL_RED', resolvedOn: '', dueOn: '2026-10-08' }));
    const series = await openAlertsGauge(store, regions, 'county').read();
    const red = Object.fromEntries(series.filter(([, labels]) => labels['ow.alert_level'] === 'ALERT_LEVEL_RED').map(([count, labels]) => [labels['ow.region'], count]));
    expect(red['441900']).toBe(1);
    expect(red[OUTSIDE_EVERY_REGION]).toBeUndefined();
  });
});
