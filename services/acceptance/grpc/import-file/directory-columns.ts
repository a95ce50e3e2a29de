import { type Column, labels, text } from './columns.ts';

/**
 * The columns of a directory CSV file, one file per kind; the first column says which. Staff posts
 * carry no name or ID number: the account is the identity provider's subject. docs/operations.md
 * lists them; docs/examples/directory-*.csv use every column.
 */

/** 角色: the staff roles, by their names in a hall. */
const ROLES = labels('ROLE_', {
  CLERK: ['窗口人员', '综合窗口'],
  APPROVER: ['审批人员'],
  SUPERVISOR: ['监督人员'],
  OPERATOR: ['运维人员'],
});

export const DEPARTMENT_COLUMNS: readonly Column[] = [
  { header: '部门编码', path: 'code', cell: text },
  { header: '部门名称', path: 'name', cell: text },
  { header: '行政区划代码', path: 'region_code', cell: text },
];

export const HALL_COLUMNS: readonly Column[] = [
  { header: '大厅编码', path: 'hall_id', cell: text },
  { header: '大厅名称', path: 'name', cell: text },
  { header: '行政区划代码', path: 'region_code', cell: text },
  { header: '地址', path: 'address', cell: text },
];

export const WINDOW_COLUMNS: readonly Column[] = [
  { header: '窗口编码', path: 'window_id', cell: text },
  { header: '大厅编码', path: 'hall_id', cell: text },
  { header: '窗口名称', path: 'name', cell: text },
  { header: '受理部门', path: 'departments', cell: { type: 'list' } },
];

export const STAFF_COLUMNS: readonly Column[] = [
  { header: '人员账号', path: 'account', cell: text },
  { header: '行政区划代码', path: 'region_code', cell: text },
  { header: '部门编码', path: 'department', cell: text },
  { header: '大厅编码', path: 'hall_id', cell: text },
  { header: '窗口编码', path: 'window_id', cell: text },
  { header: '角色', path: 'roles', cell: { type: 'list', labels: ROLES } },
  { header: '离岗', path: 'departed', cell: { type: 'yes-no' } },
];

/** A division edition's table (LoadRegionEdition): the level follows from the code. */
export const REGION_COLUMNS: readonly Column[] = [
  { header: '区划代码', path: 'code', cell: text },
  { header: '区划名称', path: 'name', cell: text },
  { header: '上级区划代码', path: 'parent_code', cell: text },
];
