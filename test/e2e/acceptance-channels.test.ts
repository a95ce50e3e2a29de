import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AcceptCaseRequest,
  DeliverResultRequest,
  GetBundleRequest,
  GetCaseHistoryRequest,
  ListReusableMaterialsRequest,
  SubmitCaseRequest,
} from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { HistoryEntry, type SubmittedMaterial } from '../../generated/onewindow/acceptance/v1/case.ts';
import { call } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed, startupItems } from '../../services/acceptance/seed/catalog-seed.ts';
import { causingEventOfCase } from '../../services/platform/app/causation.ts';
import { submitStartupBundle } from '../support/administration.ts';
import { approveEverything, caseWhen } from '../support/back-office.ts';
import { as, watch } from '../support/channels.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import { waitUntil } from '../support/test-platform.ts';

const soleTrader = catalogSeed[1]!;
const foodLicense = catalogSeed[0]!;
const liSi = { kind: { $case: 'person' as const, value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' };
const uploads = (codes: string[]): SubmittedMaterial[] =>
  codes.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `kiosk-scan-${code}`, trustLevel: 'TRUST_LEVEL_C' }));
const requiredOf = (item: typeof soleTrader) => item.materials.filter((m) => m.required).map((m) => m.code);
const json = (entries: readonly HistoryEntry[]) => entries.map((e) => HistoryEntry.toJSON(e));

describe('acceptance across channels and levels (一窗受理, 一网通办)', () => {
  const suite = platformForSuite();
  let firstCase = '';

  it('takes an application at a township kiosk, accepts it at the county counter and hands the result over at the township, one history everywhere', async () => {
    const kiosk = as('applicant', 'kiosk');
    const submitted = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: soleTrader.itemCode, applicant: liSi, materials: uploads(requiredOf(soleTrader)), submittedRegionCode: '350102001',
    }), kiosk);
    firstCase = submitted.caseNumber;
    // A second client (the applicant's phone) watches the case from the start.
    await call(suite.clients.acceptance.getCaseHistory, suite.clients.acceptance, { caseNumber: firstCase, consistencyToken: submitted.consistencyToken }, as('applicant', 'mobile'));
    const watcher = watch(suite.clients, firstCase, as('applicant', 'mobile'));

    const accepted = await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber: firstCase }), as('countyClerk', 'counter'));
    expect(accepted.case).toMatchObject({ status: 'CASE_STATUS_ACCEPTED', submittedRegionCode: '350102001', handlingRegionCode: '350102' });
    await approveEverything(suite.clients, firstCase, ['SCJGJ']);
    await caseWhen(suite.clients, firstCase, as('countyClerk', 'counter'), (c) => c.status === 'CASE_STATUS_CONCLUDED');

    const delivered = await call(suite.clients.acceptance.deliverResult, suite.clients.acceptance, DeliverResultRequest.fromPartial({
      requestId: randomUUID(), caseNumber: firstCase, method: 'DELIVERY_METHOD_WINDOW',
    }), as('townshipClerk', 'counter'));
    expect(delivered.case).toMatchObject({ status: 'CASE_STATUS_DELIVERED', deliveryHallId: 'gudong-station', deliveryRegionCode: '350102001', hallId: '' });

    const settled = (entries: readonly HistoryEntry[]) =>
      entries.some((e) => e.eventType === 'resultDelivered') &&
      entries.filter((e) => e.eventType === 'notificationQueued').length === entries.filter((e) => e.eventType === 'notificationSent').length &&
      entries.some((e) => e.eventType === 'caseClockStopped');
    const read = (who: Parameters<typeof as>[0], channel: Parameters<typeof as>[1]) =>
      call(suite.clients.acceptance.getCaseHistory, suite.clients.acceptance, GetCaseHistoryRequest.fromPartial({ caseNumber: firstCase, consistencyToken: delivered.consistencyToken }), as(who, channel));
    // Read on both channels until the history has settled: an effect (the notification of the
    // delivery) may still land between two reads, and each channel must then show it alike.
    let atCounter: readonly HistoryEntry[] = [];
    let online: readonly HistoryEntry[] = [];
    await waitUntil('the history to settle, the same at the counter and online', async () => {
      atCounter = (await read('countyClerk', 'counter')).entries;
      online = (await read('applicant', 'pc')).entries;
      return settled(atCounter) && isDeepStrictEqual(json(online), json(atCounter));
    });
    expect(new Set(atCounter.map((e) => e.sourceService))).toEqual(new Set(['acceptance', 'approval', 'supervision', 'notification']));

    // The watcher received every entry, each after the entry that caused it.
    await waitUntil('the watcher to catch up', async () => watcher.entries.length === atCounter.length);
    watcher.stop();
    expect(new Set(watcher.entries.map((e) => e.eventId))).toEqual(new Set(atCounter.map((e) => e.eventId)));
    const seen = new Set<string>();
    for (const entry of watcher.entries) {
      const cause = causingEventOfCase(entry.causationId);
      if (cause) expect(seen.has(cause), `${entry.eventType} came before its cause`).toBe(true);
      seen.add(entry.eventId);
    }
  }, 60_000);

  it('lets the same applicant reference the licence the first case issued instead of uploading it again (一号)', async () => {
    const { materials } = await call(suite.clients.acceptance.listReusableMaterials, suite.clients.acceptance, ListReusableMaterialsRequest.fromPartial({ holder: liSi }), as('applicant', 'pc'));
    const license = materials.find((m) => m.kind === 'REUSABLE_KIND_E_LICENSE' && m.type === '营业执照');
    expect(license).toMatchObject({ caseNumber: firstCase, trustLevel: 'TRUST_LEVEL_A' });
    const others = requiredOf(foodLicense).filter((code) => code !== 'business-license');
    const second = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(),
      itemCode: foodLicense.itemCode,
      applicant: liSi,
      materials: [...uploads(others), { materialCode: 'business-license', source: 'MATERIAL_SOURCE_E_LICENSE', reference: license!.reference, trustLevel: 'TRUST_LEVEL_UNSPECIFIED' }],
      submittedRegionCode: '350102001',
    }), as('applicant', 'pc'));
    const accepted = await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber: second.caseNumber }), as('countyClerk', 'counter'));
    expect(accepted.case?.materials.find((m) => m.materialCode === 'business-license')).toMatchObject({ source: 'MATERIAL_SOURCE_E_LICENSE', reference: license!.reference, trustLevel: 'TRUST_LEVEL_A' });
    // Nobody else can pass the licence off as theirs.
    const stranger = { kind: { $case: 'person' as const, value: { name: '王五', idNumber: '11010519491231002X' } }, phone: '13800138000' };
    const refused = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: foodLicense.itemCode, applicant: stranger,
      materials: [{ materialCode: 'business-license', source: 'MATERIAL_SOURCE_E_LICENSE', reference: license!.reference, trustLevel: 'TRUST_LEVEL_A' }],
      submittedRegionCode: '350102001',
      applicantSubject: 'applicant-wangwu',
    }), as('countyClerk', 'counter')).catch((e: { code: number; details: string }) => e);
    expect(refused).toMatchObject({ code: 3, details: expect.stringContaining('materials[0].reference') });
  }, 30_000);

  it('makes one case of a submission sent twice, and one acceptance of two clerks accepting at once', async () => {
    const request = SubmitCaseRequest.fromPartial({ requestId: randomUUID(), itemCode: soleTrader.itemCode, applicant: liSi, materials: uploads(requiredOf(soleTrader)), submittedRegionCode: '350102' });
    const [a, b] = await Promise.all([
      call(suite.clients.acceptance.submitCase, suite.clients.acceptance, request, as('applicant', 'mobile')),
      call(suite.clients.acceptance.submitCase, suite.clients.acceptance, request, as('applicant', 'mobile')),
    ]);
    expect(b.caseNumber).toBe(a.caseNumber);
    const accept = (who: 'countyClerk' | 'townshipClerk') =>
      call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber: a.caseNumber }), as(who, 'counter'));
    const outcomes = await Promise.allSettled([accept('countyClerk'), accept('countyClerk')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect([9, 10]).toContain((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason.code);
    const token = (outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ consistencyToken: string }>).value.consistencyToken;
    const { entries } = await call(suite.clients.acceptance.getCaseHistory, suite.clients.acceptance, { caseNumber: a.caseNumber, consistencyToken: token }, as('countyClerk', 'counter'));
    expect(entries.filter((e) => e.eventType === 'caseSubmitted')).toHaveLength(1);
    expect(entries.filter((e) => e.eventType === 'caseAccepted')).toHaveLength(1);
  }, 30_000);

  it('handles a 一件事 bundle as linked cases in parallel and concludes it when all have concluded', async () => {
    const bundle = await submitStartupBundle(suite.test.endpoints);
    expect(bundle.caseNumbers).toHaveLength(startupItems.length);
    for (const caseNumber of bundle.caseNumbers) {
      await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    }
    await Promise.all(bundle.caseNumbers.map((caseNumber, i) => approveEverything(suite.clients, caseNumber, [startupItems[i]!.agency!.department])));
    await waitUntil('the bundle to conclude', async () => {
      const { bundle: application } = await call(suite.clients.acceptance.getBundle, suite.clients.acceptance, GetBundleRequest.fromPartial({ bundleId: bundle.bundleId }), as('countyClerk', 'counter'));
      return application?.outcome === 'OUTCOME_APPROVED';
    });
    const { bundle: application } = await call(suite.clients.acceptance.getBundle, suite.clients.acceptance, GetBundleRequest.fromPartial({ bundleId: bundle.bundleId }), as('countyClerk', 'counter'));
    expect(application?.cases.map((c) => c.status)).toEqual(startupItems.map(() => 'CASE_STATUS_CONCLUDED'));
    expect(new Set(application?.cases.map((c) => c.bundleId))).toEqual(new Set([bundle.bundleId]));
  }, 60_000);
});
