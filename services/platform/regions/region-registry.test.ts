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
});
