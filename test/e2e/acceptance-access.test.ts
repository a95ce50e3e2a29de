import { randomUUID } from 'node:crypto';
import { type ServiceError, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  AcceptCaseRequest,
  DeliverResultRequest,
  ListCasesRequest,
  ListReusableMaterialsRequest,
  SubmitBundleRequest,
  SubmitCaseRequest,
} from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { SubmittedMaterial } from '../../generated/onewindow/acceptance/v1/case.ts';
import { call } from '../../scripts/lib/channel-clients.ts';
import { bundleSeed, catalogSeed, startupItems } from '../../services/acceptance/seed/catalog-seed.ts';
import { fieldViolationsOf } from '../../services/platform/grpc/rich-status.ts';
import { approveEverything, caseWhen } from '../support/back-office.ts';
import { as } from '../support/channels.ts';
import { platformForSuite } from '../support/platform-suite.ts';

const soleTrader = catalogSeed[1]!;
const liSi = { kind: { $case: 'person' as const, value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' };
const wangWu = { kind: { $case: 'person' as const, value: { name: '王五', idNumber: '11010519491231002X' } }, phone: '13800138000' };
const uploads = (codes: readonly string[]): SubmittedMaterial[] =>
  codes.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_C' }));
const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('the call succeeded'), (error: ServiceError) => error);

/** Who may do what, and where: identities, jurisdictions and halls over gRPC. */
describe('acceptance access across identities and jurisdictions', () => {
  const suite = platformForSuite();
  const submission = (applicant = liSi, region = '350102001') =>
    SubmitCaseRequest.fromPartial({ requestId: randomUUID(), itemCode: soleTrader.itemCode, applicant, materials: uploads(soleTrader.materials.filter((m) => m.required).map((m) => m.code)), submittedRegionCode: region });
  const casesOf = async (who: Parameters<typeof as>[0]) =>
    (await call(suite.clients.acceptance.listCases, suite.clients.acceptance, ListCasesRequest.fromPartial({ pageSize: 100 }), as(who, 'pc'))).cases.map((c) => c.caseNumber);

  it('lets an applicant apply only as the person their account was verified as, and writes nothing otherwise', async () => {
    const before = await casesOf('applicant');
    const impersonation = await failure(call(suite.clients.acceptance.submitCase, suite.clients.acceptance, submission(wangWu), as('applicant', 'mobile')));
    expect(impersonation.code).toBe(status.PERMISSION_DENIED);
    expect(impersonation.details).not.toContain(wangWu.kind.value.idNumber);
    const unverified = await failure(call(suite.clients.acceptance.submitCase, suite.clients.acceptance, submission(), as('unverified', 'mobile')));
    expect(unverified.code).toBe(status.PERMISSION_DENIED);
    expect(await casesOf('applicant')).toEqual(before);
    expect(await casesOf('unverified')).toEqual([]);
  });

  it('shows reusable materials to the verified holder, to a window clerk, and to back-office clerks only of their own applicants', async () => {
    const list = (holder: typeof liSi, who: Parameters<typeof as>[0]) =>
      call(suite.clients.acceptance.listReusableMaterials, suite.clients.acceptance, ListReusableMaterialsRequest.fromPartial({ holder }), as(who, 'pc'));
    await expect(list(liSi, 'applicant')).resolves.toMatchObject({ materials: expect.any(Array) });
    expect((await failure(list(wangWu, 'applicant'))).code).toBe(status.PERMISSION_DENIED);
    await expect(list(wangWu, 'minhouClerk')).resolves.toMatchObject({ materials: expect.any(Array) });
    expect((await failure(list(liSi, 'simingBackOffice'))).code).toBe(status.PERMISSION_DENIED);
  });

  it('lists for a township clerk the cases received at the township though the county handles them', async () => {
    const { caseNumber } = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, submission(), as('applicant', 'kiosk'));
    expect(await casesOf('townshipClerk')).toContain(caseNumber);
    expect(await casesOf('countyClerk')).toContain(caseNumber);
    expect(await casesOf('minhouClerk')).not.toContain(caseNumber);
  });

  it('hands a result over at a window of another county only to the applicant in person, and shows that window the identity masked', async () => {
    const { caseNumber } = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, submission(), as('applicant', 'kiosk'));
    await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    await approveEverything(suite.clients, caseNumber, [soleTrader.agency!.department]);
    await caseWhen(suite.clients, caseNumber, as('countyClerk', 'counter'), (c) => c.status === 'CASE_STATUS_CONCLUDED');
    const deliver = (changes: Partial<DeliverResultRequest>) =>
      call(suite.clients.acceptance.deliverResult, suite.clients.acceptance, DeliverResultRequest.fromPartial({ requestId: randomUUID(), caseNumber, method: 'DELIVERY_METHOD_WINDOW', ...changes }), as('minhouClerk', 'counter'));

    const unchecked = await failure(deliver({}));
    expect(unchecked.code).toBe(status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(unchecked.metadata).map((v) => v.field)).toEqual(['collector']);
    expect((await failure(deliver({ collector: wangWu }))).code).toBe(status.FAILED_PRECONDITION);
    expect((await failure(deliver({ method: 'DELIVERY_METHOD_MAIL', trackingNumber: 'EMS1', collector: liSi }))).code).toBe(status.PERMISSION_DENIED);

    const delivered = await deliver({ collector: liSi });
    expect(delivered.case).toMatchObject({ status: 'CASE_STATUS_DELIVERED', deliveryHallId: 'minhou-hall', deliveryRegionCode: '350121' });
    expect(JSON.stringify(delivered.case)).not.toContain(liSi.kind.value.idNumber);
    expect(JSON.stringify(delivered.case)).not.toContain(liSi.phone);
  }, 60_000);

  it('checks every case of a 一件事 bundle before writing any: a stray material is INVALID_ARGUMENT and no case appears', async () => {
    const before = await casesOf('countyClerk');
    const required = [...new Set(startupItems.flatMap((item) => item.materials.filter((m) => m.required).map((m) => m.code)))];
    const bundle = SubmitBundleRequest.fromPartial({
      requestId: randomUUID(),
      bundleCode: bundleSeed[0]!.bundleCode,
      applicant: liSi,
      materials: [...uploads(required), ...uploads(['passport'])],
      submittedRegionCode: '350102',
    });
    const stray = await failure(call(suite.clients.acceptance.submitBundle, suite.clients.acceptance, bundle, as('applicant', 'pc')));
    expect(stray.code).toBe(status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(stray.metadata)).toEqual([{ field: `materials[${required.length}].material_code`, description: 'is not a material of any item of the bundle' }]);
    expect(await casesOf('countyClerk')).toEqual(before);
  });
});
