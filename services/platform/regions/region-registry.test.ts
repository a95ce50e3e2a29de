import { describe, expect, it } from 'vitest';
import { RegionRegistry } from './region-registry.ts';
import { regionTree } from './region-tree.ts';

describe('region registry', () => {
  const regions = new RegionRegistry(regionTree);

  it('knows names, levels, parents and lineage down to townships', () => {
    expect(regions.get('350102001')).toMatchObject({ name: '鼓东街道', level: 'LEVEL_TOWNSHIP', parentCode: '350102' });
    expect(regions.lineage('350102001').map((r) => r.name)).toEqual(['全国', '福建省', '福州市', '鼓楼区', '鼓东街道']);
    expect(regions.ancestorAt('350121101', 'LEVEL_CITY')?.code).toBe('350100');
    expect(regions.children('350100').map((r) => r.code)).toEqual(['350102', '350121']);
  });

  it('has the nation above two provinces for 跨省通办, and every region\'s parent is known', () => {
    expect(regions.children('').map((r) => r.name)).toEqual(['全国']);
    expect(regions.children('100000').map((r) => r.name)).toEqual(['福建省', '广东省']);
    // The nation's jurisdiction covers every region (a national supervisor).
    expect(regions.isWithin('440106002', '100000')).toBe(true);
    expect(() => new RegionRegistry([{ code: '350102', name: 'x', level: 'LEVEL_COUNTY', parentCode: '350100', edition: '2024' }])).toThrow(/unknown parent/);
  });
});
