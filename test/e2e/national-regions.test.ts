import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AcceptCaseRequest, ListRegionsRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { Region } from '../../generated/onewindow/acceptance/v1/catalog.ts';
import { GetStatisticsRequest } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import { waitUntil } from '../support/test-platform.ts';

/** 住房公积金提取: handled by Fuzhou's housing fund centre, received anywhere in the country (全国通办). */
const housingFund = catalogSeed.find((item) => item.crossRegionScope === 'CROSS_REGION_SCOPE_NATIONAL')!;
/** Townships of six provinces, from the national table: 北京 东华门街道, 上海 南京东路街道, 浙江 清波街道, 广东 五山街道, 四川 锦官驿街道, 新疆 燕儿窝街道. */
const TOWNSHIPS = ['110101001', '310101002', '330102001', '440106001', '510104017', '650102002'];

describe('the national division table, end to end', () => {
  const suite = platformForSuite();
  const anyone = () => callerMetadata({ sub: 'applicant-lisi', roles: ['applicant'] }, 'mobile');

  it('lists the regions under a parent a page at a time: the 31 provinces under the nation', async () => {
    const pages: Region[][] = [];
    let pageToken = '';
    do {
      const page = await call(suite.clients.acceptance.listRegions, suite.clients.acceptance, ListRegionsRequest.fromPartial({ parentCode: '100000', pageSize: 10, pageToken }), anyone());
      pages.push(page.regions);
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 10, 1]);
    const provinces = pages.flat();
    expect(provinces.map((region) => region.name)).toContain('新疆维吾尔自治区');
    expect(provinces.every((region) => region.level === 'LEVEL_PROVINCE' && region.edition === '2023')).toBe(true);
    const { regions } = await call(suite.clients.acceptance.listRegions, suite.clients.acceptance, ListRegionsRequest.fromPartial({ parentCode: '650102' }), anyone());
    expect(regions.map((region) => region.name)).toContain('燕儿窝街道');
  });

  it('receives and accepts cases at township counters of six provinces, and a province supervisor reads them rolled up where they are handled', async () => {
    const materials = housingFund.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_B' as const }));
    for (const township of TOWNSHIPS) {
      const clerk: TokenClaims = { sub: `clerk-${township}`, roles: ['clerk'], region: township, hall: `hall-${township}`, window: 'window-1' };
      const { caseNumber } = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
        requestId: randomUUID(), itemCode: housingFund.itemCode, materials, submittedRegionCode: township, applicantSubject: 'applicant-lisi',
        applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
      }), callerMetadata(clerk, 'counter'));
      const { case: accepted } = await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), callerMetadata(clerk, 'counter'));
      expect(accepted).toMatchObject({ status: 'CASE_STATUS_ACCEPTED', submittedRegionCode: township, handlingRegionCode: '350100' });
    }
    const fujian = callerMetadata({ sub: 'supervisor-fujian', roles: ['supervisor'], region: '350000' }, 'pc');
    let rows: Array<{ key: string; name: string; figures?: { received: bigint; accepted: bigint } }> = [];
    await waitUntil('supervision to count the six cases', async () => {
      ({ rows } = await call(suite.clients.supervision.getStatistics, suite.clients.supervision, GetStatisticsRequest.fromPartial({ regionCode: '350000', groupBy: 'GROUP_BY_REGION' }), fujian));
      return rows.find((row) => row.key === '350100')?.figures?.accepted === 6n;
    });
    expect(rows).toEqual([expect.objectContaining({ key: '350100', name: '福州市', figures: expect.objectContaining({ received: 6n, accepted: 6n }) })]);
  });
});
