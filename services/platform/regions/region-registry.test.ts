import { describe, expect, it } from 'vitest';
import { RegionRegistry } from './region-registry.ts';
import { REGION_EDITION, regionTree, regionsOfTable } from './region-tree.ts';

describe('region registry', () => {
  const regions = new RegionRegistry(regionTree);

  it('knows names, levels, parents and lineage down to townships', () => {
    expect(regions.get('350102001')).toMatchObject({ name: '鼓东街道', level: 'LEVEL_TOWNSHIP', parentCode: '350102', edition: REGION_EDITION });
    expect(regions.lineage('350102001').map((r) => r.name)).toEqual(['全国', '福建省', '福州市', '鼓楼区', '鼓东街道']);
    expect(regions.ancestorAt('350121101', 'LEVEL_CITY')?.code).toBe('350100');
    expect(regions.children('350100').map((r) => r.name)).toEqual([
      '鼓楼区', '台江区', '仓山区', '马尾区', '晋安区', '长乐区', '闽侯县', '连江县', '罗源县', '闽清县', '永泰县', '平潭县', '福清市',
    ]);
  });

  it('ships the whole country of the 2023 edition: 31 provinces, 342 cities, 2,975 counties, 41,352 townships under the nation', () => {
    const count = (level: Parameters<RegionRegistry['atLevel']>[0]) => regions.atLevel(level).length;
    expect([count('LEVEL_NATIONAL'), count('LEVEL_PROVINCE'), count('LEVEL_CITY'), count('LEVEL_COUNTY'), count('LEVEL_TOWNSHIP')]).toEqual([1, 31, 342, 2975, 41352]);
    expect(regions.size).toBe(44_701);
    expect(regions.children('').map((r) => r.name)).toEqual(['全国']);
    expect(regions.children('100000')).toHaveLength(31);
    // The nation's jurisdiction covers every region (a national supervisor).
    expect(regions.isWithin('440106002', '100000')).toBe(true);
  });

  it('hangs the townships of a city without counties (东莞) on the city, and keeps 省直辖县级行政区划 as the source has it', () => {
    expect(regions.lineage('441900003').map((r) => r.name)).toEqual(['全国', '广东省', '东莞市', '东城街道']);
    expect(regions.get('429004')).toMatchObject({ name: '仙桃市', level: 'LEVEL_COUNTY', parentCode: '429000' });
  });

  it('refuses a table that names an unknown parent', () => {
    expect(() => new RegionRegistry(regionsOfTable('350102\t鼓楼区\t350100\n', '2023'))).toThrow(/unknown parent/);
  });

  it('takes the versions an edition records, each once: renamed, moved, added and abolished codes', () => {
    const registry = new RegionRegistry(regionTree);
    const shipped = registry.get('350102001')!;
    const edition = { edition: '2024', inForceFrom: '2024-06-30' };
    registry.record({ ...shipped, ...edition, endedOn: '2024-06-30' }, 1);
    registry.record({ ...registry.get('350102002')!, ...edition, name: '鼓西新街道' }, 1);
    registry.record({ ...registry.get('350102003')!, ...edition, parentCode: '350103' }, 1);
    registry.record({ code: '350102099', name: '鼓楼新区街道', level: 'LEVEL_TOWNSHIP', parentCode: '350102', endedOn: '', ...edition }, 1);
    // The same events again (a replay, another service's view) change nothing.
    registry.record({ ...shipped, ...edition, name: 'ignored' }, 1);

    expect(registry.has('350102001')).toBe(true);
    expect(registry.inForce('350102001')).toBe(false);
    expect(registry.versions('350102001').map((v) => [v.edition, v.name, v.endedOn])).toEqual([['2023', '鼓东街道', ''], ['2024', '鼓东街道', '2024-06-30']]);
    expect(registry.lineage('350102001').map((r) => r.code)).toEqual(['100000', '350000', '350100', '350102', '350102001']);
    const gulou = registry.children('350102').map((r) => `${r.code} ${r.name}`);
    expect(gulou).toContain('350102002 鼓西新街道');
    expect(gulou).toContain('350102099 鼓楼新区街道');
    expect(gulou).not.toContain('350102001 鼓东街道');
    expect(gulou.some((line) => line.startsWith('350102003'))).toBe(false);
    expect(registry.children('350102', { ended: true }).map((r) => r.code).slice(0, 2)).toEqual(['350102001', '350102002']);
    expect(registry.children('350103').map((r) => r.code)).toContain('350102003');
    expect(registry.lineage('350102003').map((r) => r.code)).toEqual(['100000', '350000', '350100', '350103', '350102003']);
    expect(registry.size).toBe(44_701);
    expect(registry.atLevel('LEVEL_TOWNSHIP')).toHaveLength(41_352);
  });
});
