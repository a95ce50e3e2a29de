import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { GetServiceItemRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { ImportFormat, ImportPolicy, ImportProgress, ImportReport } from '../../generated/onewindow/common/v1/import.ts';
import { importFile as importThrough } from '../../scripts/lib/import-file.ts';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { localPlatformSettings } from '../../scripts/lib/local-platform-settings.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { administrationClient, operator } from '../support/administration.ts';
import { ITEM_HEADER, type ItemCells, csvFile, itemCells } from '../support/catalog-files.ts';
import { platformForSuite } from '../support/platform-suite.ts';

const root = join(import.meta.dirname, '..', '..');
const food = catalogSeed[0]!;

/** 2,000 items of a county's catalog, one per row (row i + 2 in a spreadsheet: the header is row 1). */
const ITEMS = 2_000;
const codeOf = (i: number) => `11350102003061XR-9${String(i).padStart(11, '0')}`;
const goodCells = (i: number): ItemCells => itemCells({ ...food, itemCode: codeOf(i), name: `${food.name}（第${i}号）` });

/** Twenty ways a row goes wrong, each with the column the report must name. */
const DEFECTS: ReadonlyArray<{ column: string; spoil: (cells: ItemCells) => Partial<ItemCells> | 'short' }> = [
  { column: '事项类型', spoil: () => ({ 事项类型: '行政许诺' }) },
  { column: '承诺办结时限', spoil: () => ({ 承诺办结时限: '十' }) },
  { column: '承诺办结时限', spoil: () => ({ 承诺办结时限: '25' }) },
  { column: '行政区划代码', spoil: () => ({ 行政区划代码: '999999' }) },
  { column: '实施主体编码', spoil: () => ({ 实施主体编码: '1135010200306101XA' }) },
  { column: '申请材料', spoil: () => ({ 申请材料: '[{"code": "a"' }) },
  { column: '申请材料', spoil: () => ({ 申请材料: '[{"code": "a", "name": "申请书", "colour": "red"}]' }) },
  { column: '申请材料[1].code', spoil: () => ({ 申请材料: JSON.stringify([food.materials[0], food.materials[0]]) }) },
  { column: '办理流程.stages', spoil: () => ({ 办理流程: '{"stages": []}' }) },
  { column: '实施编码', spoil: () => ({ 实施编码: codeOf(0) }) },
  { column: '事项名称', spoil: () => ({ 事项名称: '' }) },
  { column: '(row)', spoil: () => 'short' },
  { column: '法定办结时限', spoil: () => ({ 法定办结时限: '30' }) },
  { column: '告知承诺', spoil: () => ({ 告知承诺: '也许' }) },
  { column: '办理渠道', spoil: () => ({ 办理渠道: '窗口\n传真' }) },
  { column: '办件类型', spoil: () => ({ 办件类型: '' }) },
  { column: '证照类型', spoil: () => ({ 证照类型: '' }) },
  { column: '行使层级', spoil: () => ({ 行使层级: '区级' }) },
  { column: '网上办理深度', spoil: () => ({ 网上办理深度: '五级' }) },
  { column: '事项名称', spoil: () => ({ 事项名称: '长'.repeat(201) }) },
];
/** Item i is spoiled by defect (i - 50) / 100: rows 52, 152, ..., 1952. */
const defectOf = (i: number) => (i % 100 === 50 ? DEFECTS[(i - 50) / 100] : undefined);
const BAD_ROWS = DEFECTS.map((_, k) => 50 + k * 100 + 2);

function catalogCsv(change: (i: number, cells: ItemCells) => ItemCells = (_, cells) => cells): Buffer {
  const rows = Array.from({ length: ITEMS }, (_, i) => {
    const cells = change(i, goodCells(i));
    const spoiled = defectOf(i)?.spoil(cells);
    const row = ITEM_HEADER.map((column) => (spoiled && spoiled !== 'short' ? { ...cells, ...spoiled } : cells)[column]);
    return spoiled === 'short' ? row.slice(0, -3) : row;
  });
  return csvFile([ITEM_HEADER, ...rows]);
}

describe('importing a catalog (AdministrationService.ImportCatalog, npm run import)', () => {
  const suite = platformForSuite();
  const asOperator = () => callerMetadata(operator, 'pc');

  async function importFile(file: Buffer, format: ImportFormat, policy: ImportPolicy, dryRun = false, progress: ImportProgress[] = []): Promise<ImportReport> {
    const client = administrationClient(suite.test.endpoints);
    try {
      return await importThrough(client, 'catalog', { requestId: randomUUID(), format, dryRun, policy }, file, asOperator(), (update) => progress.push(update));
    } finally {
      client.close();
    }
  }
  const currentVersion = (itemCode: string) =>
    call(suite.clients.acceptance.getServiceItem, suite.clients.acceptance, GetServiceItemRequest.fromPartial({ itemCode }), asOperator()).then(
      ({ item }) => item!.version,
      (error: grpc.ServiceError) => grpc.status[error.code],
    );

  it('reports exactly the 20 bad rows of a 2,000-item file by row, column and rule; records the good rows only when told; a second import changes nothing', async () => {
    const file = catalogCsv();
    const refusedWhole = await importFile(file, 'IMPORT_FORMAT_CSV', 'IMPORT_POLICY_ALL_OR_NOTHING');
    expect(refusedWhole).toMatchObject({ rows: ITEMS, refused: 20, added: ITEMS - 20, recorded: false, policy: 'IMPORT_POLICY_ALL_OR_NOTHING' });
    expect([...new Set(refusedWhole.violations.map((v) => v.row))]).toEqual(BAD_ROWS);
    DEFECTS.forEach(({ column }, k) => {
      const found = refusedWhole.violations.filter((v) => v.row === BAD_ROWS[k]);
      expect(found.map((v) => v.field), `row ${BAD_ROWS[k]}`).toContain(column);
      expect(found.every((v) => v.rule.length > 5)).toBe(true);
    });
    expect(refusedWhole.violations.find((v) => v.row === BAD_ROWS[9])?.rule).toMatch(/row 2\b/);
    expect(await currentVersion(codeOf(0))).toBe('NOT_FOUND');

    const dryRun = await importFile(file, 'IMPORT_FORMAT_CSV', 'IMPORT_POLICY_GOOD_ROWS', true);
    expect(dryRun).toMatchObject({ dryRun: true, recorded: false, added: ITEMS - 20, refused: 20 });
    expect(await currentVersion(codeOf(0))).toBe('NOT_FOUND');

    const progress: ImportProgress[] = [];
    const goodRows = await importFile(file, 'IMPORT_FORMAT_CSV', 'IMPORT_POLICY_GOOD_ROWS', false, progress);
    expect(goodRows).toMatchObject({ recorded: true, added: ITEMS - 20, revised: 0, unchanged: 0, refused: 20, policy: 'IMPORT_POLICY_GOOD_ROWS' });
    expect(goodRows.violations).toEqual(refusedWhole.violations);
    expect(progress.filter((p) => p.phase === 'PHASE_RECORDING').at(-1)).toEqual({ phase: 'PHASE_RECORDING', done: ITEMS - 20, total: ITEMS - 20 });
    expect(await currentVersion(codeOf(0))).toBe(1);
    expect(await currentVersion(codeOf(50))).toBe('NOT_FOUND');

    const again = await importFile(file, 'IMPORT_FORMAT_CSV', 'IMPORT_POLICY_GOOD_ROWS');
    expect(again).toMatchObject({ added: 0, revised: 0, unchanged: ITEMS - 20, refused: 20, changes: [] });

    const revisedFile = catalogCsv((i, cells) => (i === 7 ? { ...cells, 承诺办结时限: '5' } : cells));
    const revised = await importFile(revisedFile, 'IMPORT_FORMAT_CSV', 'IMPORT_POLICY_GOOD_ROWS');
    expect(revised).toMatchObject({ added: 0, revised: 1, unchanged: ITEMS - 21, changes: [{ row: 9, code: codeOf(7), kind: 'ROW_CHANGE_KIND_REVISED', version: 2 }] });
    expect(await currentVersion(codeOf(7))).toBe(2);
  }, 120_000);

  it('reads JSON strictly: an unknown key or enum value is refused with the reason, a rule broken (a department not in the directory) is named by its path', async () => {
    const good = { ...food, itemCode: codeOf(90_001) };
    const file = Buffer.from(JSON.stringify({
      items: [
        good,
        { ...good, itemCode: codeOf(90_002), itemType: 'ITEM_TYPE_GUESS' },
        { ...good, itemCode: codeOf(90_003), limits: { ...good.limits, promisedWorkingDays: 30 } },
        // A department the directory does not have at 鼓楼 or above.
        { ...good, itemCode: codeOf(90_004), agency: { ...good.agency, department: 'NOPE' } },
      ],
      bundles: [{ bundleCode: 'B-IMPORT-1', name: '测试一件事', regionCode: '350102', memberItemCodes: [good.itemCode, codeOf(90_003)], promisedWorkingDays: 5 }],
    }));
    const report = await importFile(file, 'IMPORT_FORMAT_JSON', 'IMPORT_POLICY_GOOD_ROWS');
    expect(report.violations).toEqual([
      { row: 1, field: 'bundles.member_item_codes[1]', rule: 'must be an item offered in the catalog' },
      { row: 2, field: 'items', rule: expect.stringContaining('ItemType from JSON: "ITEM_TYPE_GUESS"') },
      { row: 3, field: 'items.limits.promised_working_days', rule: 'must not exceed the statutory limit' },
      { row: 4, field: 'items.agency.department', rule: expect.stringMatching(/^must be a department of the directory/) },
    ]);
    expect(report).toMatchObject({ added: 1, refused: 4 });
  });

  it('refuses a file over 32 MiB as it arrives, with the rule, and the client sees that refusal, not a broken upload', async () => {
    const tooLarge = Buffer.alloc(33 * 1024 * 1024, ' ');
    await expect(importFile(tooLarge, 'IMPORT_FORMAT_JSON', 'IMPORT_POLICY_ALL_OR_NOTHING')).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'chunk: the file must be at most 32 MiB: split it',
    });
  });

  it('imports the example files of docs/examples with npm run import, items before bundles; importing them again changes nothing', async () => {
    const runImport = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const env = { ...process.env, ...localPlatformSettings(suite.test.dataDir) };
        const child = execFile(process.execPath, ['scripts/import.ts', ...args, '--acceptance', suite.test.endpoints.acceptance], { cwd: root, env, timeout: 60_000 }, (_error, stdout, stderr) =>
          resolve({ code: child.exitCode ?? -1, stdout, stderr }),
        );
      });
    const run = (...args: string[]) => runImport('catalog', ...args);
    const files = ['docs/examples/catalog.csv', 'docs/examples/catalog-bundles.csv', 'docs/examples/catalog.json'];
    // Items name departments of the directory: without 思明区's, nothing is recorded.
    expect((await run(files[0]!)).stdout).toContain('NOTHING was recorded');
    for (const [kind, rows] of [['departments', 3], ['halls', 2], ['windows', 3], ['staff', 4]] as const) {
      const imported = await runImport('directory', `docs/examples/directory-${kind}.csv`);
      expect(imported, `${kind}: ${imported.stderr}`).toMatchObject({ code: 0, stdout: expect.stringContaining(`${rows} rows: ${rows} added, 0 revised, 0 unchanged, 0 refused\nrecorded`) });
    }
    expect((await run(files[1]!)).stdout).toContain('NOTHING was recorded');
    for (const [file, rows] of [[files[0], 2], [files[1], 1], [files[2], 3]] as const) {
      const first = await run(file!);
      const count = `${rows} row${rows === 1 ? '' : 's'}`;
      expect(first, `${file}: ${first.stderr}`).toMatchObject({ code: 0, stdout: expect.stringContaining(`${count}: ${rows} added, 0 revised, 0 unchanged, 0 refused\nrecorded`) });
      const second = await run(file!);
      expect(second.stdout, file).toContain(`${count}: 0 added, 0 revised, ${rows} unchanged, 0 refused`);
    }
    const broken = await run(files[2]!, '--format', 'csv');
    expect(broken).toMatchObject({ code: 65, stderr: expect.stringMatching(/^npm run import: the file was refused\n {2}the file is not CSV: .* at line 2\b/) });
    expect(readFileSync(join(root, 'docs', 'operations.md'), 'utf8')).toContain('npm run import -- catalog docs/examples/catalog.csv');
  }, 60_000);
});
