import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LoadHolidayNoticeRequest,
  SetJurisdictionPolicyRequest,
} from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import {
  AcceptCaseRequest,
  DeliverResultRequest,
  RequestSupplementRequest,
  SubmitCaseRequest,
  SupplyMaterialsRequest,
} from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { SubmittedMaterial } from '../../generated/onewindow/acceptance/v1/case.ts';
import { call } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { ManualClock } from '../../services/platform/time/clock.ts';
import { administrationClient } from '../support/administration.ts';
import { approveEverything, caseWhen } from '../support/back-office.ts';
import { as } from '../support/channels.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import { waitUntil } from '../support/test-platform.ts';

const foodLicense = catalogSeed[0]!;
const wangWu = { kind: { $case: 'person' as const, value: { name: '王五', idNumber: '11010519491231002X' } }, phone: '13800138000' };
const uploads = (codes: string[]): SubmittedMaterial[] =>
  codes.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_B' }));
const at = (date: string) => `${date}T10:00:00+08:00`;

/** Rules that depend on the day: a platform whose clock the test moves. */
describe('acceptance deadlines on the working-day calendar', () => {
  const clock = new ManualClock(at('2026-09-17'));
  const suite = platformForSuite({ OW_DEEMED_ACCEPTANCE_SWEEP_MS: '100' }, { clock });

  const submit = async (codes: string[]) =>
    call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: foodLicense.itemCode, applicant: wangWu, materials: uploads(codes), submittedRegionCode: '350102', applicantSubject: 'applicant-wangwu',
    }), as('countyClerk', 'counter'));
  const withoutSecondary = foodLicense.materials.filter((m) => m.required && m.main).map((m) => m.code);

  it('treats a one-time notice given after 5 working days as too late: the case counts as accepted on the receipt date', async () => {
    clock.set(at('2026-09-17'));
    const { caseNumber } = await submit(withoutSecondary);
    clock.set(at('2026-09-24'));
    const answer = await call(suite.clients.acceptance.requestSupplement, suite.clients.acceptance, RequestSupplementRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    expect(answer.case).toMatchObject({
      status: 'CASE_STATUS_ACCEPTED',
      acceptanceMode: 'ACCEPTANCE_MODE_DEEMED',
      statutoryDeadline: { date: '2026-10-21' },
      promisedDeadline: { date: '2026-10-08' },
      supplement: [],
    });
    // The deemed-acceptance sweep may come first (it runs every 100 ms here): a late notice then
    // answers the same and changes nothing. Given again, the notice meets a case deemed accepted.
    const again = await call(suite.clients.acceptance.requestSupplement, suite.clients.acceptance, RequestSupplementRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    expect(again.case).toEqual(answer.case);
  });

  it('gives a notice in time one message that lists everything missing, and accepts once it is supplied', async () => {
    clock.set(at('2026-09-17'));
    const { caseNumber } = await submit(withoutSecondary);
    clock.set(at('2026-09-18'));
    const notice = await call(suite.clients.acceptance.requestSupplement, suite.clients.acceptance, RequestSupplementRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    expect(notice.case?.supplement.map((s) => s.materialName)).toEqual(['食品安全自查、从业人员健康管理等制度', '经营场所平面布局图']);
    await waitUntil('the notice to reach the applicant', async () => {
      const { notifications } = await call(suite.clients.notification.listNotifications, suite.clients.notification, { caseNumber, recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '' }, as('countyClerk', 'counter'));
      return notifications.some((n) => n.templateId === 'supplement-requested' && n.text.includes('食品安全自查、从业人员健康管理等制度、经营场所平面布局图'));
    });
    clock.set(at('2026-09-21'));
    await call(suite.clients.acceptance.supplyMaterials, suite.clients.acceptance, SupplyMaterialsRequest.fromPartial({ requestId: randomUUID(), caseNumber, materials: uploads(['safety-rules', 'floor-plan']) }), as('countyClerk', 'counter'));
    const accepted = await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    expect(accepted.case).toMatchObject({ status: 'CASE_STATUS_ACCEPTED', acceptanceMode: 'ACCEPTANCE_MODE_NORMAL' });
  });

  it('deems a case nobody answered within 5 working days accepted on its receipt date, by itself', async () => {
    clock.set(at('2026-09-17'));
    const { caseNumber } = await submit(withoutSecondary);
    clock.set(at('2026-09-23'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await caseWhen(suite.clients, caseNumber, as('countyClerk', 'counter'), () => true)).status).toBe('CASE_STATUS_SUBMITTED');
    clock.set(at('2026-09-24'));
    const deemed = await caseWhen(suite.clients, caseNumber, as('countyClerk', 'counter'), (c) => c.status === 'CASE_STATUS_ACCEPTED');
    expect(deemed).toMatchObject({ acceptanceMode: 'ACCEPTANCE_MODE_DEEMED', statutoryDeadline: { date: '2026-10-21' } });
  });

  it('recomputes a December case\'s provisional deadlines when the next year\'s notice is loaded, in acceptance and supervision', async () => {
    clock.set(at('2026-12-21'));
    const { caseNumber } = await submit(foodLicense.materials.filter((m) => m.required).map((m) => m.code));
    const accepted = await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    // 20 working days from Dec 21 reach into 2027, which has no notice yet.
    expect(accepted.case?.statutoryDeadline).toMatchObject({ date: '2027-01-19', provisional: true });
    const admin = administrationClient(suite.test.endpoints);
    try {
      await call(admin.loadHolidayNotice, admin, LoadHolidayNoticeRequest.fromPartial({
        requestId: randomUUID(),
        notice: { year: 2027, holidays: [{ from: '2027-01-01', to: '2027-01-03' }, { from: '2027-01-11', to: '2027-01-12' }], workdays: [], source: '测试通知' },
      }), as('operator', 'pc'));
    } finally {
      admin.close();
    }
    const recomputed = await caseWhen(suite.clients, caseNumber, as('countyClerk', 'counter'), (c) => c.statutoryDeadline?.provisional === false);
    expect(recomputed.statutoryDeadline).toMatchObject({ date: '2027-01-21', provisional: false });
    await waitUntil('supervision to follow', async () => {
      const { clock: caseClock } = await call(suite.clients.supervision.getCaseClock, suite.clients.supervision, { caseNumber, consistencyToken: '' }, as('supervisor', 'pc'));
      return caseClock?.statutoryDeadline?.date === '2027-01-21';
    });
  });

  it('lets a jurisdiction that enabled 容缺 accept without secondary materials, and hands the result over only after the catch-up', async () => {
    clock.set(at('2026-10-12'));
    const admin = administrationClient(suite.test.endpoints);
    try {
      await call(admin.setJurisdictionPolicy, admin, SetJurisdictionPolicyRequest.fromPartial({ requestId: randomUUID(), policy: { regionCode: '350100', toleranceAcceptance: true } }), as('operator', 'pc'));
    } finally {
      admin.close();
    }
    const { caseNumber } = await submit(withoutSecondary);
    const accepted = await waitUntilAccepted(caseNumber);
    expect(accepted).toMatchObject({ acceptanceMode: 'ACCEPTANCE_MODE_TOLERANCE', pendingMaterials: ['safety-rules', 'floor-plan'], catchUpDeadline: { workingDays: 8 } });
    await approveEverything(suite.clients, caseNumber, ['SCJGJ']);
    await caseWhen(suite.clients, caseNumber, as('countyClerk', 'counter'), (c) => c.status === 'CASE_STATUS_CONCLUDED');
    const deliver = () =>
      call(suite.clients.acceptance.deliverResult, suite.clients.acceptance, DeliverResultRequest.fromPartial({ requestId: randomUUID(), caseNumber, method: 'DELIVERY_METHOD_ELECTRONIC' }), as('countyClerk', 'counter'));
    await expect(deliver()).rejects.toMatchObject({ code: 9, details: expect.stringContaining('caught up: safety-rules, floor-plan') });
    await call(suite.clients.acceptance.supplyMaterials, suite.clients.acceptance, SupplyMaterialsRequest.fromPartial({ requestId: randomUUID(), caseNumber, materials: uploads(['safety-rules', 'floor-plan']) }), as('countyClerk', 'counter'));
    expect((await deliver()).case?.status).toBe('CASE_STATUS_DELIVERED');
  }, 30_000);

  /** The policy is a read model: the first attempt may come before it is there. */
  async function waitUntilAccepted(caseNumber: string) {
    let result;
    await waitUntil('容缺 acceptance', async () => {
      result = await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber, mode: 'ACCEPTANCE_MODE_TOLERANCE' }), as('countyClerk', 'counter'))
        .then((answer) => answer.case, () => undefined);
      return result !== undefined;
    });
    return result;
  }
});
