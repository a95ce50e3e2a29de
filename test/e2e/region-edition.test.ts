import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type * as grpc from '@grpc/grpc-js';
import { AcceptCaseRequest, GetCaseRequest, GetRegionRequest, ListRegionsRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { PublishServiceItemRequest } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { GetStatisticsRequest } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { ImportPolicy, ImportReport } from '../../generated/onewindow/common/v1/import.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { REGION_VERSIONS } from '../../services/contracts/directory-view.ts';
import { fieldViolationsOf } from '../../services/platform/grpc/rich-status.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { importFile } from '../../scripts/lib/import-file.ts';
import { administrationClient, operator } from '../support/administration.ts';
import { csvFile } from '../support/catalog-files.ts';
import { type TestPlatform, startTestPlatform, waitUntil } from '../support/test-platform.ts';

/** The shipped 2023 table as rows of an edition's CSV file: 区划代码, 区划名称, 上级区划代码. */
const shippedRows: string[][] = readFileSync(new URL('../../services/platform/regions/divisions/cn-2023.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => line.split('\t'));
const HEADER = ['区划代码', '区划名称', '上级区划代码'];

// In 鼓楼区 (350102): 鼓东街道 is abolished, 鼓西街道 renamed, 温泉街道 moved under 台江区, and a new
// township added; 平潭县 (350128) is abolished with its 7 townships. The edition takes effect on 2024-06-30.
const ABOLISHED = '350102001';
const ABOLISHED_COUNTY = '350128';
const COUNTY_TOWNSHIPS = 7;
const RENAMED = '350102002';
const MOVED = '350102003';
const ADDED = '350102099';
const edition2024 = csvFile([
  HEADER,
  ...shippedRows
    .filter(([code = '']) => code !== ABOLISHED && !code.startsWith(ABOLISHED_COUNTY))
    .map(([code = '', name = '', parent = '']) => (code === RENAMED ? [code, '鼓西新街道', parent] : code === MOVED ? [code, name, '350103'] : [code, name, parent])),
  [ADDED, '鼓楼新区街道', '350102'],
]);
const EDITION = { edition: '2024', inForceFrom: '2024-06-30' };

describe('loading a new edition of the division table (AdministrationService.LoadRegionEdition)', () => {
  let current: TestPlatform | undefined;
  afterAll(() => current?.stop());

  const food = catalogSeed[0]!;
  const clerk = callerMetadata({ sub: 'clerk-gulou-edition', roles: ['clerk'], region: '350102' }, 'counter');
  const supervisor = callerMetadata({ sub: 'supervisor-gulou-edition', roles: ['supervisor'], region: '350102' }, 'pc');
  const load = async (file: Buffer, options: { dryRun?: boolean; policy?: ImportPolicy } = {}): Promise<ImportReport> => {
    const client = administrationClient(current!.endpoints);
    try {
      const importOptions = { requestId: randomUUID(), format: 'IMPORT_FORMAT_CSV', dryRun: options.dryRun ?? false, policy: options.policy ?? 'IMPORT_POLICY_ALL_OR_NOTHING' } as const;
      return await importFile(client, 'regions', importOptions, file, callerMetadata(operator, 'pc'), () => {}, EDITION);
    } finally {
      client.close();
    }
  };
  /** 食品经营许可 as a township of 鼓楼区 would offer it (its department is the county's, above it). */
  const townshipItem = (regionCode: string) => ({
    ...food,
    itemCode: `11350102003061XR-0001201010${regionCode.slice(-2)}`,
    regionCode,
    handlingLevel: 'LEVEL_TOWNSHIP' as const,
    workflow: { jointHandling: false, stages: food.workflow!.stages.map((stage) => ({ ...stage, steps: stage.steps.map((step) => ({ ...step, level: 'LEVEL_TOWNSHIP' as const })) })) },
  });
  const publish = async (regionCode: string) => {
    const client = administrationClient(current!.endpoints);
    try {
      return await call(client.publishServiceItem, client, PublishServiceItemRequest.fromPartial({ requestId: randomUUID(), item: townshipItem(regionCode) }), callerMetadata(operator, 'pc'));
    } finally {
      client.close();
    }
  };
  const receive = async (clients: ReturnType<typeof connect>, regionCode: string, itemCode = food.itemCode) => {
    const materials = food.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_B' as const }));
    const { caseNumber } = await call(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode, materials, submittedRegionCode: regionCode, applicantSubject: 'applicant-edition',
      applicant: { kind: { $case: 'organization', value: { name: '某某餐饮店', creditCode: '91350100M000100Y43' } }, phone: '13912345678' },
    }), clerk);
    await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), clerk);
    return caseNumber;
  };
  const regionOf = async (clients: ReturnType<typeof connect>, code: string) => call(clients.acceptance.getRegion, clients.acceptance, GetRegionRequest.fromPartial({ code }), clerk);
  const childrenOf = async (clients: ReturnType<typeof connect>, parentCode: string, includeEnded = false) =>
    (await call(clients.acceptance.listRegions, clients.acceptance, ListRegionsRequest.fromPartial({ parentCode, pageSize: 200, includeEnded }), clerk)).regions;

  it('adds, renames, re-parents and abolishes codes: old cases stay readable, new cases go by the new codes, and a restart keeps the edition', async () => {
    current = await startTestPlatform();
    let clients = connect(current.endpoints);
    const oldCase = await receive(clients, ABOLISHED);

    const dryRun = await load(edition2024, { dryRun: true });
    const ended = 1 + 1 + COUNTY_TOWNSHIPS;
    expect(dryRun).toMatchObject({ rows: shippedRows.length - ended + 1, added: 1, revised: 2, ended, refused: 0, recorded: false });
    expect(await regionOf(clients, ABOLISHED)).toMatchObject({ region: { endedOn: '' } });

    const loaded = await load(edition2024);
    expect(loaded).toMatchObject({ added: 1, revised: 2, ended, unchanged: shippedRows.length - 2 - ended, refused: 0, recorded: true });
    expect(loaded.changes.map(({ code, kind, version }) => ({ code, kind, version }))).toEqual(
      expect.arrayContaining([
        { code: ADDED, kind: 'ROW_CHANGE_KIND_ADDED', version: 1 },
        { code: RENAMED, kind: 'ROW_CHANGE_KIND_REVISED', version: 2 },
        { code: MOVED, kind: 'ROW_CHANGE_KIND_REVISED', version: 2 },
        { code: ABOLISHED, kind: 'ROW_CHANGE_KIND_ENDED', version: 2 },
        { code: ABOLISHED_COUNTY, kind: 'ROW_CHANGE_KIND_ENDED', version: 2 },
      ]),
    );
    expect(loaded.changes.find((change) => change.code === ABOLISHED)?.row).toBe(0);

    // The case received in the abolished township reads as before; the code says when it ended.
    expect((await call(clients.acceptance.getCase, clients.acceptance, GetCaseRequest.fromPartial({ caseNumber: oldCase }), clerk)).case).toMatchObject({ submittedRegionCode: ABOLISHED });
    const abolished = await regionOf(clients, ABOLISHED);
    expect(abolished.region).toMatchObject({ name: '鼓东街道', endedOn: '2024-06-30', edition: '2024' });
    expect(abolished.versions.map((v) => v.endedOn)).toEqual(['', '2024-06-30']);
    expect((await regionOf(clients, RENAMED)).versions.map((v) => `${v.edition} ${v.name}`)).toEqual(['2023 鼓西街道', '2024 鼓西新街道']);
    expect((await regionOf(clients, MOVED)).region).toMatchObject({ parentCode: '350103', inForceFrom: '2024-06-30' });
    // A county abolished with its townships: they end first, then the county, which nothing in force hangs under.
    expect((await regionOf(clients, ABOLISHED_COUNTY)).region).toMatchObject({ name: '平潭县', endedOn: '2024-06-30' });
    expect(await childrenOf(clients, ABOLISHED_COUNTY)).toEqual([]);
    expect(await childrenOf(clients, ABOLISHED_COUNTY, true)).toHaveLength(COUNTY_TOWNSHIPS);

    // New cases go by the new table: not in the abolished code, and in the new one.
    const refused = await receive(clients, ABOLISHED).then(() => undefined, (error: grpc.ServiceError) => error);
    expect(fieldViolationsOf(refused?.metadata)).toEqual([{ field: 'submitted_region_code', description: 'must be a region in force: the code was abolished on 2024-06-30' }]);
    const newCase = await receive(clients, ADDED);
    expect(newCase).toBeTruthy();
    // Items too: one of the new township is published and received there; one of the abolished township is refused.
    await publish(ADDED);
    await receive(clients, ADDED, townshipItem(ADDED).itemCode);
    const abolishedItem = await publish(ABOLISHED).then(() => undefined, (error: grpc.ServiceError) => error);
    expect(fieldViolationsOf(abolishedItem?.metadata).map((v) => v.field)).toContain('item.region_code');
    const gulou = (await childrenOf(clients, '350102')).map((r) => r.code);
    expect(gulou).toContain(ADDED);
    expect(gulou).not.toContain(ABOLISHED);
    expect(gulou).not.toContain(MOVED);
    expect((await childrenOf(clients, '350103')).map((r) => r.code)).toContain(MOVED);
    expect((await childrenOf(clients, '350102', true)).find((r) => r.code === ABOLISHED)).toMatchObject({ endedOn: '2024-06-30' });

    // Every service's directory view keeps the new versions, and supervision rolls the new township up under 鼓楼区.
    for (const service of ['acceptance', 'approval', 'notification', 'supervision'] as const) {
      await waitUntil(`${service} to keep the edition`, async () => (await current!.platform.dependencies[service].readModels.find(REGION_VERSIONS, {})).length === 3 + ended);
    }
    const byRegion = async () => (await call(clients.supervision.getStatistics, clients.supervision, GetStatisticsRequest.fromPartial({ regionCode: '350102', groupBy: 'GROUP_BY_REGION' }), supervisor)).rows;
    await waitUntil('statistics to count the three cases', async () => (await byRegion()).reduce((sum, row) => sum + Number(row.figures?.received ?? 0), 0) === 3);
    expect((await byRegion()).map((row) => `${row.key} ${row.name} ${row.figures?.received}`)).toEqual([`${ADDED} 鼓楼新区街道 1`, '350102 鼓楼区 2']);

    // The same edition again changes nothing; a part of the country, or good rows only, is refused.
    expect(await load(edition2024)).toMatchObject({ added: 0, revised: 0, ended: 0, changes: [], recorded: true });
    const fujianOnly = csvFile([HEADER, ...shippedRows.filter(([code]) => code!.startsWith('35'))]);
    const partial = await load(fujianOnly).then(() => undefined, (error: grpc.ServiceError) => error);
    expect(fieldViolationsOf(partial?.metadata)[0]).toMatchObject({ field: 'chunk', description: expect.stringContaining('an edition lists the whole country') });
    const goodRows = await load(edition2024, { policy: 'IMPORT_POLICY_GOOD_ROWS' }).then(() => undefined, (error: grpc.ServiceError) => error);
    expect(fieldViolationsOf(goodRows?.metadata)).toEqual([{ field: 'options.policy', description: 'must be ALL_OR_NOTHING: an edition is loaded whole or not at all' }]);

    // After a restart every service starts from the shipped table and its stored versions.
    clients.close();
    const { dataDir } = current;
    await current.stop();
    current = await startTestPlatform({ OW_DATA_DIR: dataDir });
    clients = connect(current.endpoints);
    try {
      expect((await regionOf(clients, ABOLISHED)).region).toMatchObject({ endedOn: '2024-06-30' });
      expect((await childrenOf(clients, '350102')).map((r) => r.code)).toContain(ADDED);
      expect(await receive(clients, ADDED)).toBeTruthy();
      expect(await load(edition2024)).toMatchObject({ added: 0, revised: 0, ended: 0 });
    } finally {
      clients.close();
    }
  }, 180_000);
});
