import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { status as grpcStatus } from '@grpc/grpc-js';
import { AcceptCaseRequest, ListCasesRequest, ListDirectoryRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { ListTasksRequest } from '../../generated/onewindow/approval/v1/approval_service.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { GetStatisticsRequest } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { waitUntil } from '../support/test-platform.ts';
import type { ImportFormat, ImportPolicy, ImportReport } from '../../generated/onewindow/common/v1/import.ts';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { importFile } from '../../scripts/lib/import-file.ts';
import { administrationClient, operator } from '../support/administration.ts';
import { csvFile } from '../support/catalog-files.ts';
import { platformForSuite } from '../support/platform-suite.ts';

const STAFF = 5_000;
const STAFF_HEADER = ['人员账号', '行政区划代码', '部门编码', '大厅编码', '窗口编码', '角色', '离岗'] as const;
type StaffCells = Record<(typeof STAFF_HEADER)[number], string>;
const hallOf = (i: number) => `GL-H${i % 10}`;
const goodPost = (i: number): StaffCells => ({ 人员账号: `staff-${i}`, 行政区划代码: '350102', 部门编码: i % 2 ? 'SCJGJ' : 'GAJ', 大厅编码: hallOf(i), 窗口编码: `W${i % 5}`, 角色: '窗口人员', 离岗: '否' });

/** Twenty ways a staff row goes wrong, each with the column the report must name. */
const DEFECTS: ReadonlyArray<{ column: string; spoil: Partial<StaffCells> | 'short' }> = [
  { column: '人员账号', spoil: { 人员账号: 'staff one' } },
  { column: '行政区划代码', spoil: { 行政区划代码: '999999' } },
  { column: '部门编码', spoil: { 部门编码: 'XYZ' } },
  { column: '大厅编码', spoil: { 大厅编码: 'NOPE' } },
  { column: '窗口编码', spoil: { 窗口编码: 'W99' } },
  { column: '角色', spoil: { 角色: '局长' } },
  { column: '角色', spoil: { 角色: '' } },
  { column: '离岗', spoil: { 离岗: '也许' } },
  { column: '人员账号', spoil: { 人员账号: 'staff-0' } },
  { column: '部门编码', spoil: { 部门编码: '', 角色: '审批人员' } },
  { column: '(row)', spoil: 'short' },
  { column: '大厅编码', spoil: { 行政区划代码: '350102001', 部门编码: '' } },
  { column: '窗口编码', spoil: { 大厅编码: '' } },
  { column: '角色', spoil: { 角色: 'ROLE_APPLICANT' } },
  { column: '人员账号', spoil: { 人员账号: '' } },
  { column: '人员账号', spoil: { 人员账号: 'a'.repeat(129) } },
  { column: '部门编码', spoil: { 部门编码: 'D'.repeat(65) } },
  { column: '行政区划代码', spoil: { 行政区划代码: '3501' } },
  { column: '部门编码', spoil: { 部门编码: 'RFB' } },
  { column: '角色', spoil: { 角色: '窗口人员；运维人员；超级管理员' } },
];
const defectOf = (i: number) => (i % 250 === 125 ? DEFECTS[(i - 125) / 250] : undefined);
const BAD_ROWS = DEFECTS.map((_, k) => 125 + k * 250 + 2);

function staffCsv(change: (i: number, cells: StaffCells) => StaffCells = (_, cells) => cells): Buffer {
  const rows = Array.from({ length: STAFF }, (_, i) => {
    const defect = defectOf(i);
    const cells = { ...change(i, goodPost(i)), ...(defect && defect.spoil !== 'short' ? defect.spoil : {}) };
    const row = STAFF_HEADER.map((column) => cells[column]);
    return defect?.spoil === 'short' ? row.slice(0, 3) : row;
  });
  return csvFile([STAFF_HEADER, ...rows]);
}

describe('importing the directory (AdministrationService.ImportDirectory)', () => {
  const suite = platformForSuite();
  const asOperator = () => callerMetadata(operator, 'pc');
  async function importCsv(file: Buffer, policy: ImportPolicy, format: ImportFormat = 'IMPORT_FORMAT_CSV'): Promise<ImportReport> {
    const client = administrationClient(suite.test.endpoints);
    try {
      return await importFile(client, 'directory', { requestId: randomUUID(), format, dryRun: false, policy }, file, asOperator());
    } finally {
      client.close();
    }
  }

  it('reports exactly the 20 bad rows of 5,000 staff posts by row, column and rule; records the good ones when told; a second import changes nothing', async () => {
    const halls = csvFile([['大厅编码', '大厅名称', '行政区划代码', '地址'], ...Array.from({ length: 10 }, (_, k) => [`GL-H${k}`, `鼓楼区第${k}便民服务中心`, '350102', ''])]);
    expect(await importCsv(halls, 'IMPORT_POLICY_ALL_OR_NOTHING')).toMatchObject({ added: 10, refused: 0, recorded: true });
    const windows = csvFile([['窗口编码', '大厅编码', '窗口名称', '受理部门'], ...Array.from({ length: 50 }, (_, k) => [`W${k % 5}`, `GL-H${Math.floor(k / 5)}`, `${k % 5}号窗`, 'SCJGJ\nGAJ'])]);
    expect(await importCsv(windows, 'IMPORT_POLICY_ALL_OR_NOTHING')).toMatchObject({ added: 50, refused: 0 });

    const file = staffCsv();
    const refusedWhole = await importCsv(file, 'IMPORT_POLICY_ALL_OR_NOTHING');
    expect(refusedWhole).toMatchObject({ rows: STAFF, refused: 20, added: STAFF - 20, recorded: false });
    expect([...new Set(refusedWhole.violations.map((v) => v.row))]).toEqual(BAD_ROWS);
    DEFECTS.forEach(({ column }, k) => {
      expect(refusedWhole.violations.filter((v) => v.row === BAD_ROWS[k]).map((v) => v.field), `row ${BAD_ROWS[k]}`).toContain(column);
    });

    const goodRows = await importCsv(file, 'IMPORT_POLICY_GOOD_ROWS');
    expect(goodRows).toMatchObject({ recorded: true, added: STAFF - 20, revised: 0, unchanged: 0, refused: 20 });
    expect(goodRows.violations).toEqual(refusedWhole.violations);
    expect(await importCsv(file, 'IMPORT_POLICY_GOOD_ROWS')).toMatchObject({ added: 0, revised: 0, unchanged: STAFF - 20, refused: 20, changes: [] });

    const departed = await importCsv(staffCsv((i, cells) => (i === 3 ? { ...cells, 离岗: '是' } : cells)), 'IMPORT_POLICY_GOOD_ROWS');
    expect(departed).toMatchObject({ revised: 1, changes: [{ row: 5, code: 'staff-3', kind: 'ROW_CHANGE_KIND_REVISED', version: 2 }] });

    const { departments, halls: listed, windows: hallWindows } = await call(suite.clients.acceptance.listDirectory, suite.clients.acceptance, ListDirectoryRequest.fromPartial({ regionCode: '350102', consistencyToken: departed.consistencyToken }), asOperator());
    expect(departments.map((d) => `${d.regionCode}:${d.code}`)).toEqual(expect.arrayContaining(['350102:SCJGJ', '350100:GJJZX']));
    expect(departments.find((d) => d.regionCode === '350102' && d.code === 'SCJGJ')?.name).toBe('福州市鼓楼区市场监督管理局');
    expect(listed).toHaveLength(10);
    expect(hallWindows).toHaveLength(50);
  }, 120_000);

  it('reads a JSON directory of every kind, departments before the halls, windows and posts that name them', async () => {
    const file = Buffer.from(JSON.stringify({
      staff: [{ account: 'approver-cangshan-01', regionCode: '350104', department: 'MZJ', roles: ['ROLE_APPROVER'] }],
      windows: [{ hallId: 'CS-ZWZX', windowId: 'W01', name: '综合窗口', departments: ['MZJ'] }],
      halls: [{ hallId: 'CS-ZWZX', name: '仓山区政务服务中心', regionCode: '350104' }],
      departments: [{ regionCode: '350104', code: 'MZJ', name: '福州市仓山区民政局' }, { regionCode: '350104', code: 'mz j', name: '' }],
    }));
    const report = await importCsv(file, 'IMPORT_POLICY_GOOD_ROWS', 'IMPORT_FORMAT_JSON');
    expect(report).toMatchObject({ added: 4, refused: 1 });
    expect(report.violations.map((v) => v.field)).toEqual(['departments.code', 'departments.name']);
  });

  it('names departments and halls in statistics from the directory, not by their codes', async () => {
    const halls = csvFile([['大厅编码', '大厅名称', '行政区划代码', '地址'], ['GL-ZWZX', '鼓楼区政务服务中心', '350102', '福州市鼓楼区']]);
    expect(await importCsv(halls, 'IMPORT_POLICY_ALL_OR_NOTHING')).toMatchObject({ refused: 0, recorded: true });
    const food = catalogSeed[0]!;
    const clerk = callerMetadata({ sub: 'clerk-gulou-stats', roles: ['clerk'], region: '350102', hall: 'GL-ZWZX', window: 'W01' }, 'counter');
    const materials = food.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_B' as const }));
    const { caseNumber } = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: food.itemCode, materials, submittedRegionCode: '350102', applicantSubject: 'applicant-wangwu',
      applicant: { kind: { $case: 'organization', value: { name: '某某餐饮店', creditCode: '91350100M000100Y43' } }, phone: '13912345678' },
    }), clerk);
    await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), clerk);
    const supervisor = callerMetadata({ sub: 'supervisor-gulou', roles: ['supervisor'], region: '350102' }, 'pc');
    const rowsBy = async (groupBy: 'GROUP_BY_DEPARTMENT' | 'GROUP_BY_HALL') =>
      (await call(suite.clients.supervision.getStatistics, suite.clients.supervision, GetStatisticsRequest.fromPartial({ regionCode: '350102', groupBy }), supervisor)).rows;
    // The case's figures and the directory's names reach supervision by two feeds: wait for both.
    await waitUntil('statistics to count the case under names', async () =>
      (await rowsBy('GROUP_BY_DEPARTMENT'))[0]?.name === '福州市鼓楼区市场监督管理局' && (await rowsBy('GROUP_BY_HALL'))[0]?.name === '鼓楼区政务服务中心');
    expect(await rowsBy('GROUP_BY_DEPARTMENT')).toEqual([expect.objectContaining({ key: 'SCJGJ', name: '福州市鼓楼区市场监督管理局' })]);
    expect(await rowsBy('GROUP_BY_HALL')).toEqual([expect.objectContaining({ key: 'GL-ZWZX', name: '鼓楼区政务服务中心' })]);
  });
});

/** The status a call ends with: OK, or its error's code. */
const statusOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (error: { code: number }) => grpcStatus[error.code]);

describe("staff tokens checked against the directory's posts", () => {
  const clerkPost = ['clerk-gl-01', '350102', '', 'GL-POST', 'W01', '窗口人员'];
  const posts = csvFile([STAFF_HEADER, [...clerkPost, '否'], ['approver-gl-01', '350102', 'SCJGJ', '', '', '审批人员', '否']]);
  const setUp = async (suite: ReturnType<typeof platformForSuite>) => {
    const client = administrationClient(suite.test.endpoints);
    const run = (file: Buffer) => importFile(client, 'directory', { requestId: randomUUID(), format: 'IMPORT_FORMAT_CSV', dryRun: false, policy: 'IMPORT_POLICY_ALL_OR_NOTHING' }, file, callerMetadata(operator, 'pc'));
    await run(csvFile([['大厅编码', '大厅名称', '行政区划代码'], ['GL-POST', '鼓楼区测试大厅', '350102']]));
    await run(csvFile([['窗口编码', '大厅编码', '窗口名称'], ['W01', 'GL-POST', '综合窗口']]));
    await run(posts);
    return { client, run };
  };
  const listCases = (suite: ReturnType<typeof platformForSuite>, claims: TokenClaims) =>
    statusOf(call(suite.clients.acceptance.listCases, suite.clients.acceptance, ListCasesRequest.fromPartial({ regionCode: '350102' }), callerMetadata(claims, 'counter')));
  const listTasks = (suite: ReturnType<typeof platformForSuite>, claims: TokenClaims) =>
    statusOf(call(suite.clients.approval.listTasks, suite.clients.approval, ListTasksRequest.fromPartial({ regionCode: '350102', department: 'SCJGJ' }), callerMetadata(claims, 'pc')));
  const clerk: TokenClaims = { sub: 'clerk-gl-01', roles: ['clerk'], region: '350102', hall: 'GL-POST', window: 'W01' };
  const approver: TokenClaims = { sub: 'approver-gl-01', roles: ['approver'], region: '350102', department: 'SCJGJ' };

  describe('by default, accounts that have a post', () => {
    const suite = platformForSuite();
    it('lets a token that says what the post says in, in acceptance and in approval; refuses another hall, role or region, and the post once 离岗', async () => {
      const { client, run } = await setUp(suite);
      // The posts reach each service's view from acceptance's topic.
      await waitUntil('the posts to be checked', async () => (await listCases(suite, { ...clerk, hall: 'GL-OTHER' })) === 'PERMISSION_DENIED');
      expect(await listCases(suite, clerk)).toBe('OK');
      expect(await listCases(suite, { ...clerk, roles: ['clerk', 'supervisor'] })).toBe('PERMISSION_DENIED');
      await waitUntil('approval to check the approver', async () => (await listTasks(suite, { ...approver, region: '350100' })) === 'PERMISSION_DENIED');
      expect(await listTasks(suite, approver)).toBe('OK');
      // An account the directory does not list is let in while OW_STAFF_MUST_BE_LISTED is off.
      expect(await listCases(suite, { ...clerk, sub: 'clerk-unlisted' })).toBe('OK');
      expect(await run(csvFile([STAFF_HEADER, [...clerkPost, '是']]))).toMatchObject({ revised: 1 });
      await waitUntil('the departed clerk to be refused', async () => (await listCases(suite, clerk)) === 'PERMISSION_DENIED');
      client.close();
    });
  });

  describe('with OW_STAFF_MUST_BE_LISTED', () => {
    const suite = platformForSuite({ OW_STAFF_MUST_BE_LISTED: 'true' });
    it('refuses a staff account without a post, but lets an operator import the directory', async () => {
      const { client } = await setUp(suite);
      await waitUntil('the posts to be checked', async () => (await listCases(suite, clerk)) === 'OK');
      expect(await listCases(suite, { ...clerk, sub: 'clerk-unlisted' })).toBe('PERMISSION_DENIED');
      client.close();
    });
  });
});
