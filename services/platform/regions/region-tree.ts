import type { Region } from './region.ts';
import { NATIONAL_REGION_CODE } from '../codes/region-code.ts';

/** The code tables' edition the seed follows (统计用区划代码, GB/T 2260 and GB/T 10114). */
export const REGION_EDITION = '2024';

const nation = (code: string, name: string): Region => ({ code, name, level: 'LEVEL_NATIONAL', parentCode: '', edition: REGION_EDITION });
const province = (code: string, name: string): Region => ({ code, name, level: 'LEVEL_PROVINCE', parentCode: NATIONAL_REGION_CODE, edition: REGION_EDITION });
const city = (code: string, name: string, parentCode: string): Region => ({ code, name, level: 'LEVEL_CITY', parentCode, edition: REGION_EDITION });
const county = (code: string, name: string, parentCode: string): Region => ({ code, name, level: 'LEVEL_COUNTY', parentCode, edition: REGION_EDITION });
const township = (code: string, name: string, parentCode: string): Region => ({ code, name, level: 'LEVEL_TOWNSHIP', parentCode, edition: REGION_EDITION });

/**
 * The regions a new installation serves: the nation (the root of statistics and of a national
 * supervisor's jurisdiction), Fujian down to townships of Fuzhou's Gulou district and
 * Minhou county, Xiamen, and Guangdong (Guangzhou, Tianhe) for 跨省通办. Operators extend it.
 */
export const regionTree: readonly Region[] = [
  nation(NATIONAL_REGION_CODE, '全国'),
  province('350000', '福建省'),
  city('350100', '福州市', '350000'),
  county('350102', '鼓楼区', '350100'),
  township('350102001', '鼓东街道', '350102'),
  township('350102002', '鼓西街道', '350102'),
  township('350102003', '温泉街道', '350102'),
  township('350102100', '洪山镇', '350102'),
  county('350121', '闽侯县', '350100'),
  township('350121001', '甘蔗街道', '350121'),
  township('350121101', '上街镇', '350121'),
  township('350121201', '廷坪乡', '350121'),
  city('350200', '厦门市', '350000'),
  county('350203', '思明区', '350200'),
  township('350203001', '厦港街道', '350203'),
  province('440000', '广东省'),
  city('440100', '广州市', '440000'),
  county('440106', '天河区', '440100'),
  township('440106001', '五山街道', '440106'),
  township('440106002', '员村街道', '440106'),
];
