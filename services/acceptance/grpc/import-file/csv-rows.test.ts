import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { rowsOfCsv } from './csv-rows.ts';
import { CATALOG_KINDS, DIRECTORY_KINDS } from './record-kinds.ts';

const catalogRowsOfCsv = (file: Buffer) => rowsOfCsv(file, CATALOG_KINDS);

const file = (text: string) => Buffer.from(text);
const BUNDLES = '一件事编码,一件事名称,行政区划代码,事项实施编码,承诺办结时限,说明\r\n';

describe('reading an import CSV file', () => {
  it('numbers rows as a spreadsheet does, across cells of several lines and empty rows, and reads lists by line or "；"', () => {
    const rows = catalogRowsOfCsv(file(`\uFEFF${BUNDLES}B-1,一,350102,"A-1\nA-2",5,\r\n\r\nB-2,二,350102,A-1；A-3,3,说明\r\n`));
    expect(rows.map((row) => row.row)).toEqual([2, 4]);
    expect(rows.map((row) => row.record)).toEqual([
      { kind: 'bundle', bundle: { bundleCode: 'B-1', name: '一', regionCode: '350102', memberItemCodes: ['A-1', 'A-2'], promisedWorkingDays: 5, description: '' } },
      { kind: 'bundle', bundle: { bundleCode: 'B-2', name: '二', regionCode: '350102', memberItemCodes: ['A-1', 'A-3'], promisedWorkingDays: 3, description: '说明' } },
    ]);
  });

  it('names the column and the rule of a cell it cannot read, and of a row with the wrong number of cells', () => {
    const [wrong, short] = catalogRowsOfCsv(file(`${BUNDLES}B-1,一,350102,A-1,五,\r\nB-2,二\r\n`));
    expect(wrong).toMatchObject({ record: undefined, violations: [{ row: 2, field: '承诺办结时限', rule: 'must be a whole number' }] });
    expect(short!.violations).toEqual([{ row: 3, field: '(row)', rule: 'must have 6 cells, as the header has; it has 2' }]);
  });

  it('takes Chinese labels, GB/T 39046 codes and proto names for an enum, and names a nested field by its column', () => {
    const header = '实施编码,事项类型,行使层级,申请材料\r\n';
    const [byLabel, byCode, byName, unknown] = catalogRowsOfCsv(
      file(`${header}A-1,行政许可,县级,\r\nA-2,01,4,\r\nA-3,ITEM_TYPE_LICENSING,LEVEL_COUNTY,\r\nA-4,行政许诺,县级,"[{""code"": ""x"", ""size"": 1}]"\r\n`),
    );
    for (const row of [byLabel, byCode, byName]) expect(row!.record).toMatchObject({ kind: 'item', item: { itemType: 'ITEM_TYPE_LICENSING', handlingLevel: 'LEVEL_COUNTY' } });
    expect(unknown!.violations.map((v) => v.field)).toEqual(['事项类型', '申请材料']);
    expect(unknown!.violations[0]!.rule).toMatch(/^must be one of 行政许可、行政处罚/);
    expect(unknown!.violations[1]!.rule).toContain('"size" is unknown');
    expect(byLabel!.fieldName('materials[2].code')).toBe('申请材料[2].code');
    expect(byLabel!.fieldName('limits.promised_working_days')).toBe('limits.promised_working_days');
  });

  it('refuses the whole file when its header does not say what it holds or names an unknown column', () => {
    expect(() => catalogRowsOfCsv(file('名称,编码\r\n'))).toThrow(/first column of the header must be 实施编码/);
    expect(() => catalogRowsOfCsv(file('实施编码,颜色\r\n'))).toThrow(ValidationError);
    expect(() => catalogRowsOfCsv(file('实施编码,事项名称,事项名称\r\n'))).toThrow(/事项名称 twice/);
  });

  it('reads a directory file of the kind its first column names: staff posts with roles by their names and 离岗 as yes or no', () => {
    const [post] = rowsOfCsv(file('人员账号,行政区划代码,部门编码,角色,离岗\r\nclerk-01,350102,SCJGJ,窗口人员；审批人员,否\r\n'), DIRECTORY_KINDS);
    expect(post!.record).toEqual({
      $case: 'staff',
      value: { account: 'clerk-01', regionCode: '350102', department: 'SCJGJ', hallId: '', windowId: '', roles: ['ROLE_CLERK', 'ROLE_APPROVER'], departed: false },
    });
    expect(() => rowsOfCsv(file('实施编码\r\n'), DIRECTORY_KINDS)).toThrow(/部门编码 \(a file of departments\) or 大厅编码/);
  });
});
