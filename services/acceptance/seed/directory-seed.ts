import type { Department } from '../../../generated/onewindow/acceptance/v1/directory.ts';

/**
 * The departments the seed catalog names (catalog-seed.ts), in Fuzhou (福建省福州市) and its Gulou
 * district: a new installation's directory, recorded before the catalog on first start. A province
 * imports its own (docs/operations.md, "Import the directory").
 */
export const departmentSeed: readonly Department[] = [
  { regionCode: '350100', code: 'GJJZX', name: '福州住房公积金中心' },
  { regionCode: '350100', code: 'ZRZYGHJ', name: '福州市自然资源和规划局' },
  { regionCode: '350100', code: 'ZJJ', name: '福州市城乡建设局' },
  { regionCode: '350100', code: 'RFB', name: '福州市人民防空办公室' },
  { regionCode: '350100', code: 'JTYSJ', name: '福州市交通运输局' },
  { regionCode: '350102', code: 'SCJGJ', name: '福州市鼓楼区市场监督管理局' },
  { regionCode: '350102', code: 'JTYSJ', name: '福州市鼓楼区交通运输局' },
  { regionCode: '350102', code: 'GAJ', name: '福州市公安局鼓楼分局' },
  { regionCode: '350102', code: 'SWJ', name: '国家税务总局福州市鼓楼区税务局' },
  { regionCode: '350102', code: 'RSJ', name: '福州市鼓楼区人力资源和社会保障局' },
  { regionCode: '350102', code: 'GJJZX', name: '福州住房公积金中心鼓楼管理部' },
];
