import { randomUUID } from 'node:crypto';
import { RefuseCaseRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { call, callerMetadata, type connect } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { people } from './channels.ts';
import { operator } from './administration.ts';
import { waitUntil } from './test-platform.ts';

type Clients = ReturnType<typeof connect>;

export const marketStaff = { sub: 'approver-scjgj-21', roles: ['approver' as const], department: 'SCJGJ', region: '350102' };

/**
 * Every move of supervision on a concluded case of Li Si's: a jurisdiction's policy, a bad online
 * rating through verification, rectification and the rater's score, a bad on-site rating appealed
 * and upheld, an order issued, answered and closed; and a case refused before acceptance.
 */
export async function exerciseSupervision(clients: Clients, concludedCase: string): Promise<void> {
  const s = clients.supervision;
  const applicant = callerMetadata(people.applicant, 'mobile');
  const supervisor = callerMetadata(people.supervisor, 'pc');
  const department = callerMetadata(marketStaff, 'pc');
  await call(s.setSupervisionPolicy, s, {
    requestId: randomUUID(),
    policy: { regionCode: '350102', yellowWorkingDaysLeft: 3, yellowElapsedPercent: 75, contactWorkingDays: 1, rectifyWorkingDays: 5, ratingInvitationDays: 3, pauseMaxWorkingDays: 20 },
  }, callerMetadata(operator, 'pc'));

  await waitUntil(`supervision to see ${concludedCase} concluded`, async () => {
    const { clock } = await call(s.getCaseClock, s, { caseNumber: concludedCase, consistencyToken: '' }, supervisor);
    return clock?.status === 'CLOCK_STATUS_STOPPED';
  });
  const rate = (level: number, inTheHall = false) =>
    call(s.submitRating, s, {
      requestId: randomUUID(), caseNumber: concludedCase, channel: inTheHall ? 'RATING_CHANNEL_HALL_TABLET' : 'RATING_CHANNEL_MOBILE', level,
      dimensions: [{ dimension: 'attitude', level }], comment: '等候时间太长',
    }, applicant);
  const { rating: online } = await rate(5);
  await call(s.verifyBadRating, s, { requestId: randomUUID(), ratingId: online!.ratingId, substantiated: true, note: '已回访，属实' }, supervisor);
  await call(s.reportRectification, s, { requestId: randomUUID(), ratingId: online!.ratingId, measures: '增设取号窗口' }, department);
  await call(s.scoreResponse, s, { requestId: randomUUID(), ratingId: online!.ratingId, level: 2 }, applicant);
  // The case was accepted at the Gulou counter today: that visit may be rated in the hall.
  const { rating: onSite } = await rate(4, true);
  await call(s.appealRating, s, { requestId: randomUUID(), ratingId: onSite!.ratingId, ground: 'APPEAL_GROUND_MISTAKEN', reason: '评价人误评' }, department);
  await call(s.reviewAppeal, s, { requestId: randomUUID(), ratingId: onSite!.ratingId, upheld: true, note: '经核实为误评' }, supervisor);

  const { order } = await call(s.issueOrder, s, {
    requestId: randomUUID(), caseNumber: concludedCase, department: 'SCJGJ', regionCode: '350102', instruction: '说明等候时间过长的原因', dueOn: '2099-12-31',
  }, supervisor);
  await call(s.replyOrder, s, { requestId: randomUUID(), orderId: order!.orderId, reply: '已增设窗口' }, department);
  await call(s.closeOrder, s, { requestId: randomUUID(), orderId: order!.orderId, note: '整改到位' }, supervisor);

  const item = catalogSeed[0]!;
  const { caseNumber: refused } = await call(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
    requestId: randomUUID(), itemCode: item.itemCode, submittedRegionCode: '350102',
    applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
    materials: [{ materialCode: 'application', source: 'MATERIAL_SOURCE_UPLOAD', reference: 'scan-application', trustLevel: 'TRUST_LEVEL_C' }],
  }), callerMetadata(people.applicant, 'pc'));
  await call(clients.acceptance.refuseCase, clients.acceptance, RefuseCaseRequest.fromPartial({
    requestId: randomUUID(), caseNumber: refused, reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条第一款第（二）项',
  }), callerMetadata(people.countyClerk, 'counter'));
}
