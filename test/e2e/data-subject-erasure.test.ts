import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { AcceptCaseRequest, GetCaseHistoryRequest, GetCaseRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { EraseDataSubjectRequest } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { Applicant } from '../../generated/onewindow/acceptance/v1/case.ts';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { ERASED } from '../../services/platform/privacy/sealed-value.ts';
import { administrationClient, operator } from '../support/administration.ts';
import { exerciseBackOffice } from '../support/back-office.ts';
import { as, people } from '../support/channels.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import { waitUntil } from '../support/test-platform.ts';

const liSi: Applicant = { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' };
const wangWu: Applicant = { kind: { $case: 'person', value: { name: '王五', idNumber: '11010519491231002X' } }, phone: '13800138000' };
const erasedPerson: Applicant = { kind: { $case: 'person', value: { name: ERASED, idNumber: ERASED } }, phone: ERASED };

/**
 * Erasure by crypto-shredding (PIPL art. 47): once Li Si's keys are destroyed, her name, ID number,
 * phone and e-mail read as erased in every service, while her cases' histories, clocks and traces
 * still read — and another applicant's data is untouched.
 */
describe('erasing a data subject', () => {
  const suite = platformForSuite();
  const item = catalogSeed[0]!;
  const submit = (applicant: Applicant, who: 'applicant' | 'countyClerk') =>
    call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: item.itemCode, submittedRegionCode: '350102', applicant, applicantSubject: who === 'countyClerk' ? 'applicant-wangwu' : '',
      materials: item.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_C' })),
    }), as(who, 'counter'));
  const applicantOf = async (caseNumber: string) =>
    (await call(suite.clients.acceptance.getCase, suite.clients.acceptance, GetCaseRequest.fromPartial({ caseNumber }), as('countyClerk', 'counter'))).case!.applicant;
  const historyOf = async (caseNumber: string) =>
    (await call(suite.clients.acceptance.getCaseHistory, suite.clients.acceptance, GetCaseHistoryRequest.fromPartial({ caseNumber }), as('applicant', 'mobile'))).entries;
  const eraseAs = (who: Parameters<typeof callerMetadata>[0], holder: Applicant, reason: string, requestId: string = randomUUID()) => {
    const admin = administrationClient(suite.test.endpoints);
    return call(admin.eraseDataSubject, admin, EraseDataSubjectRequest.fromPartial({ requestId, holder: { kind: holder.kind, phone: '' }, reason }), callerMetadata(who, 'pc'));
  };
  const erase = (requestId: string) => eraseAs(operator, liSi, 'PIPL art. 47 request no. 2026-118', requestId);

  it('makes her personal data read as erased everywhere, keeps every history, and leaves others alone', async () => {
    const { clients } = suite;
    const concluded = await exerciseBackOffice(clients);
    const waiting = (await submit(liSi, 'applicant')).caseNumber;
    const other = (await submit(wangWu, 'countyClerk')).caseNumber;
    await call(clients.notification.setNotificationPreferences, clients.notification, {
      requestId: randomUUID(), channels: ['DELIVERY_CHANNEL_SMS', 'DELIVERY_CHANNEL_EMAIL'], email: 'lisi@example.cn', pushToken: '',
    }, as('applicant', 'mobile'));
    expect(await applicantOf(concluded)).toEqual(liSi);
    const historyBefore = await historyOf(concluded);

    const requestId = randomUUID();
    // Her holder key (her applications) and her account's (the e-mail address she gave).
    expect((await erase(requestId)).keysErased).toBe(2);
    expect((await erase(requestId)).keysErased).toBe(2);
    expect((await erase(randomUUID())).keysErased).toBe(0);

    expect(await applicantOf(concluded)).toEqual(erasedPerson);
    expect(await applicantOf(waiting)).toEqual(erasedPerson);
    expect(await applicantOf(other)).toEqual(wangWu);
    // The history still reads, entry for entry at the same positions (a notice sent since may
    // follow them); no entry's summary named her.
    const historyAfter = await historyOf(concluded);
    expect(historyAfter.slice(0, historyBefore.length).map((entry) => [entry.position, entry.eventId, entry.summary])).toEqual(
      historyBefore.map((entry) => [entry.position, entry.eventId, entry.summary]),
    );
    const trace = await call(clients.supervision.traceCase, clients.supervision, { caseNumber: concluded, consistencyToken: '' }, as('supervisor', 'pc'));
    expect(trace.entries.length).toBeGreaterThan(historyBefore.length / 2);
    const { preferences } = await call(clients.notification.getNotificationPreferences, clients.notification, {}, as('applicant', 'mobile'));
    expect(preferences?.email).toBe(ERASED);

    // Her waiting case goes on without her data: accepted, and the message to her fails for good.
    await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber: waiting }), as('countyClerk', 'counter'));
    await waitUntil('the acceptance message to fail', async () => {
      const { notifications } = await call(clients.notification.listNotifications, clients.notification, { caseNumber: waiting, recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '' }, as('countyClerk', 'pc'));
      const accepted = notifications.filter((n) => n.sourceEventType === 'caseAccepted' && n.recipientKind === 'RECIPIENT_KIND_APPLICANT');
      return accepted.length > 0 && accepted.every((n) => n.status === 'NOTIFICATION_STATUS_FAILED' && n.maskedAddress === ERASED);
    });
  });

  it('needs an operator and a reason, and a refused erasure erases nothing', async () => {
    const other = (await submit(wangWu, 'countyClerk')).caseNumber;
    const attempt = (who: Parameters<typeof callerMetadata>[0], reason: string) => eraseAs(who, wangWu, reason);
    await expect(attempt(people.countyClerk, 'why')).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(attempt(people.applicant, 'why')).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(attempt(operator, ' ')).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('reason') });
    expect(await applicantOf(other)).toEqual(wangWu);
  });
});
