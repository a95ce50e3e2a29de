import { BundleDefinition, Region, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { BundleDefinitionSchema, RegionSchema, ServiceItemSchema } from '../../../../generated/es/onewindow/acceptance/v1/catalog_pb.js';
import { Department, Hall, StaffMember, Window } from '../../../../generated/onewindow/acceptance/v1/directory.ts';
import { DepartmentSchema, HallSchema, StaffMemberSchema, WindowSchema } from '../../../../generated/es/onewindow/acceptance/v1/directory_pb.js';
import type { CatalogRecord } from '../../app/catalog-import/catalog-record.ts';
import type { DirectoryRecord } from '../../domain/directory/directory-entry.ts';
import { bundleDefinitionSizes, departmentSizes, hallSizes, regionSizes, serviceItemSizes, staffSizes, windowSizes } from '../administration-sizes.ts';
import { isRegionCode } from '../../../platform/codes/region-code.ts';
import { levelOfCode } from '../../../platform/regions/region.ts';
import { BUNDLE_COLUMNS, ITEM_COLUMNS } from './catalog-columns.ts';
import { DEPARTMENT_COLUMNS, HALL_COLUMNS, REGION_COLUMNS, STAFF_COLUMNS, WINDOW_COLUMNS } from './directory-columns.ts';
import type { RecordKind } from './record-kind.ts';

/** What a catalog file holds: items and 一件事 bundles. */
export const CATALOG_KINDS: readonly RecordKind<CatalogRecord>[] = [
  {
    name: 'item',
    list: 'items',
    columns: ITEM_COLUMNS,
    schema: ServiceItemSchema,
    sizes: serviceItemSizes,
    read(bytes) {
      const { version: _version, ...item } = ServiceItem.decode(bytes);
      return { message: item, record: { kind: 'item', item } };
    },
  },
  {
    name: 'bundle',
    list: 'bundles',
    columns: BUNDLE_COLUMNS,
    schema: BundleDefinitionSchema,
    sizes: bundleDefinitionSizes,
    read(bytes) {
      const { version: _version, ...bundle } = BundleDefinition.decode(bytes);
      return { message: bundle, record: { kind: 'bundle', bundle } };
    },
  },
];

/** What a directory file holds: departments, halls, windows and staff posts. */
export const DIRECTORY_KINDS: readonly RecordKind<DirectoryRecord>[] = [
  { name: 'department', list: 'departments', columns: DEPARTMENT_COLUMNS, schema: DepartmentSchema, sizes: departmentSizes, read: (bytes) => entry({ $case: 'department', value: Department.decode(bytes) }) },
  { name: 'hall', list: 'halls', columns: HALL_COLUMNS, schema: HallSchema, sizes: hallSizes, read: (bytes) => entry({ $case: 'hall', value: Hall.decode(bytes) }) },
  { name: 'window', list: 'windows', columns: WINDOW_COLUMNS, schema: WindowSchema, sizes: windowSizes, read: (bytes) => entry({ $case: 'window', value: Window.decode(bytes) }) },
  { name: 'staff post', list: 'staff', columns: STAFF_COLUMNS, schema: StaffMemberSchema, sizes: staffSizes, read: (bytes) => entry({ $case: 'staff', value: StaffMember.decode(bytes) }) },
];

/** What a division edition's file holds: regions, each at the level its code says unless the row says one. */
export const REGION_KINDS: readonly RecordKind<Region>[] = [
  {
    name: 'region',
    list: 'regions',
    columns: REGION_COLUMNS,
    schema: RegionSchema,
    sizes: regionSizes,
    read(bytes) {
      const region = Region.decode(bytes);
      const level = region.level === 'LEVEL_UNSPECIFIED' && isRegionCode(region.code) ? levelOfCode(region.code) : region.level;
      return { message: region, record: { ...region, level } };
    },
  },
];

const entry = (record: DirectoryRecord) => ({ message: record.value, record });
