import { randomUUID } from 'node:crypto';
import { type ServiceError, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { AcceptCaseRequest, DeliverResultRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { SubmittedMaterial } from '../../generated/onewindow/acceptance/v1/case.ts';
import { ListTasksRequest } from '../../generated/onewindow/approval/v1/approval_service.ts';
import type { Rating } from '../../generated/onewindow/supervision/v1/rating.ts';
import { GetStatisticsRequest, ListAlertsRequest, ListRatingsRequest, SubmitRatingRequest } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { fieldViolationsOf } from '../../services/platform/grpc/rich-status.ts';
import { ManualClock } from '../../services/platform/time/clock.ts';
import { caseWhen } from '../support/back-office.ts';
import { as, people } from '../support/channels.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import { marketStaff } from '../support/supervision-office.ts';
import { waitUntil } from '../support/test-platform.ts';

const foodLicense = catalogSeed[0]!;
const liSi = { kind: { $case: 'person' as const, value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' };
const uploads = (codes: readonly string[]): SubmittedMaterial[] =>
  codes.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_C' }));
const at = (date: string) => `${date}T10:00:00+08:00`;
const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('the call succeeded'), (error: ServiceError) => error);
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** 效能监督 and 好差评 over gRPC, on a platform whose clock the test moves. */
describe('supervision: deadlines, orders, ratings, statistics and the trace', () => {
  const clock = new ManualClock(at('2026-09-17'));
  const suite = platformForSuite({ OW_SUPERVISION_SWEEP_MS: '100' }, { clock });
  const s = () => suite.clients.supervision;
  const supervisor = () => callerMetadata(people.supervisor, 'pc');
  const department = () => callerMetadata(marketStaff, 'pc');
  const approver = () => callerMetadata({ ...marketStaff, sub: 'approver-scjgj-31' }, 'pc');
  let caseNumber = '';

  const messages = async (metadata: ReturnType<typeof supervisor>) =>
    (await call(suite.clients.notification.listNotifications, suite.clients.notification, { caseNumber, recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '' }, metadata)).notifications;
  const clockOf = async () => (await call(s().getCaseClock, s(), { caseNumber, consistencyToken: '' }, supervisor())).clock!;
  const reviewTask = async () => {
    let taskId = '';
    await waitUntil('the review task', async () => {
      const { tasks } = await call(suite.clients.approval.listTasks, suite.clients.approval, ListTasksRequest.fromPartial({}), approver());
      taskId = tasks.find((t) => t.caseNumber === caseNumber && t.stepId === 'review')?.taskId ?? '';
      return taskId !== '';
    });
    return taskId;
  };

  it('pauses the watch while approval\'s clock stands still, alerts a pause longer than told, raises a yellow alert once on the moved deadline, and resolves them', async () => {
    const kiosk = as('applicant', 'kiosk');
    kiosk.set('traceparent', `00-${TRACE_ID}-00f067aa0ba902b7-01`);
    ({ caseNumber } = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: foodLicense.itemCode, applicant: liSi, materials: uploads(foodLicense.materials.filter((m) => m.required).map((m) => m.code)), submittedRegionCode: '350102001',
    }), kiosk));
    await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    const taskId = await reviewTask();
    await call(suite.clients.approval.claimTask, suite.clients.approval, { requestId: randomUUID(), taskId }, approver());

    // An inspection from Wed Sep 23 to Fri Oct 9: the watch pauses, the days left freeze.
    clock.set(at('2026-09-23'));
    await call(suite.clients.approval.suspendClock, suite.clients.approval, {
      requestId: randomUUID(), taskId, kind: 'SUSPENSION_KIND_INSPECTION', reason: '现场核查', legalBasis: '《行政许可法》第三十四条', expectedWorkingDays: 5,
    }, approver());
    await waitUntil('the watch to pause', async () => (await clockOf()).status === 'CLOCK_STATUS_PAUSED');
    // Promised Oct 8 at the pause: 4 of 10 used, 6 left (Sep 23, 24, 28-30, Oct 8).
    expect(await clockOf()).toMatchObject({ pausedSince: '2026-09-23', pauseKind: 'SUSPENSION_KIND_INSPECTION', workingDaysUsed: 4, promisedWorkingDaysRemaining: 6 });
    // The inspection was told to take 5 working days (Sep 23, 24, 28, 29, 30): on Oct 8 it has
    // overrun, so the pause itself is alerted, yellow and red, while the deadlines stand still.
    clock.set(at('2026-10-08'));
    await waitUntil('the pause alerts', async () => (await clockOf()).alerts.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await clockOf()).toMatchObject({
      status: 'CLOCK_STATUS_PAUSED',
      promisedWorkingDaysRemaining: 6,
      alerts: [
        { level: 'ALERT_LEVEL_YELLOW', deadlineKind: 'DEADLINE_KIND_PAUSE', dueOn: '2026-09-29', raisedOn: '2026-10-08', resolvedOn: '' },
        { level: 'ALERT_LEVEL_RED', deadlineKind: 'DEADLINE_KIND_PAUSE', dueOn: '2026-10-01', raisedOn: '2026-10-08', resolvedOn: '' },
      ],
    });
    const promisedAlerts = async () => (await clockOf()).alerts.filter((alert) => alert.deadlineKind === 'DEADLINE_KIND_PROMISED');

    clock.set(at('2026-10-09'));
    await call(suite.clients.approval.resumeClock, suite.clients.approval, { requestId: randomUUID(), taskId, result: '核查合格' }, approver());
    // The promised date moved to Oct 15: yellow with 2 working days left, on Oct 14. The pause's alerts end with it.
    await waitUntil('the watch to run on the moved deadline', async () => (await clockOf()).promisedDeadline?.date === '2026-10-15');
    expect((await clockOf()).alerts.map((alert) => alert.resolvedOn)).toEqual(['2026-10-09', '2026-10-09']);
    clock.set(at('2026-10-13'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await promisedAlerts()).toEqual([]);
    clock.set(at('2026-10-14'));
    await waitUntil('the yellow alert', async () => (await promisedAlerts()).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await promisedAlerts()).toMatchObject([{ level: 'ALERT_LEVEL_YELLOW', deadlineKind: 'DEADLINE_KIND_PROMISED', raisedOn: '2026-10-14', resolvedOn: '' }]);
    const { alerts } = await call(s().listAlerts, s(), ListAlertsRequest.fromPartial({}), callerMetadata(marketStaff, 'pc'));
    expect(alerts.map((a) => a.caseNumber)).toContain(caseNumber);
    await waitUntil('the department to be told', async () => (await messages(supervisor())).some((n) => n.templateId === 'alert-raised'));

    // 督办: the supervisor orders the department, which replies.
    const { order } = await call(s().issueOrder, s(), { requestId: randomUUID(), caseNumber, department: 'SCJGJ', regionCode: '350102', instruction: '该件明日到期，请抓紧办理', dueOn: '2026-10-15' }, supervisor());
    expect((await failure(call(s().replyOrder, s(), { requestId: randomUUID(), orderId: order!.orderId, reply: '收到' }, callerMetadata({ ...marketStaff, department: 'GAJ' }, 'pc')))).code).toBe(status.PERMISSION_DENIED);
    // An order about a case goes to its handling office, inside the supervisor's jurisdiction.
    const misdirected = await failure(call(s().issueOrder, s(), { requestId: randomUUID(), caseNumber, department: 'SCJGJ', regionCode: '350121', instruction: '请说明', dueOn: '2026-10-15' }, supervisor()));
    expect(fieldViolationsOf(misdirected.metadata).map((v) => v.field)).toEqual(['region_code']);
    const xiamen = callerMetadata({ ...people.supervisor, region: '350200' }, 'pc');
    expect((await failure(call(s().issueOrder, s(), { requestId: randomUUID(), caseNumber, department: 'SCJGJ', regionCode: '350102', instruction: '请说明', dueOn: '2026-10-15' }, xiamen))).code).toBe(status.PERMISSION_DENIED);
    const replied = await call(s().replyOrder, s(), { requestId: randomUUID(), orderId: order!.orderId, reply: '今日办结' }, department());
    expect(replied.order).toMatchObject({ status: 'ORDER_STATUS_REPLIED', overdue: false });

    clock.set(at('2026-10-15'));
    await call(suite.clients.approval.decideTask, suite.clients.approval, { requestId: randomUUID(), taskId, decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, approver());
    let decideTask = '';
    await waitUntil('the decision task', async () => {
      const { tasks } = await call(suite.clients.approval.listTasks, suite.clients.approval, ListTasksRequest.fromPartial({}), approver());
      decideTask = tasks.find((t) => t.caseNumber === caseNumber && t.stepId === 'decide')?.taskId ?? '';
      return decideTask !== '';
    });
    await call(suite.clients.approval.claimTask, suite.clients.approval, { requestId: randomUUID(), taskId: decideTask }, approver());
    await call(suite.clients.approval.decideTask, suite.clients.approval, { requestId: randomUUID(), taskId: decideTask, decision: 'DECISION_APPROVE', opinion: '准予许可', materialCodes: [] }, approver());
    await waitUntil('the clock to stop', async () => (await clockOf()).status === 'CLOCK_STATUS_STOPPED');
    // 10 working days used without the pause: Sep 18, 20, 21, 22, then Oct 9, 10, 12-15.
    expect(await clockOf()).toMatchObject({ workingDaysUsed: 10, withinPromisedLimit: true });
    expect(await promisedAlerts()).toMatchObject([{ resolvedOn: '2026-10-15' }]);
  }, 60_000);

  it('takes one rating from the applicant only, hides the rater from staff, and runs the bad-rating loop to the rater\'s score', async () => {
    const rate = (metadata: ReturnType<typeof supervisor>, changes: Partial<SubmitRatingRequest> = {}) =>
      call(s().submitRating, s(), SubmitRatingRequest.fromPartial({ requestId: randomUUID(), caseNumber, channel: 'RATING_CHANNEL_MOBILE', level: 5, comment: '等候太久，联系电话13912345678', ...changes }), metadata);
    const stranger = callerMetadata({ sub: 'applicant-wangwu', roles: ['applicant'], holder: { idNumber: '11010519491231002X' } }, 'mobile');
    expect((await failure(rate(stranger))).code).toBe(status.PERMISSION_DENIED);
    const { rating, consistencyToken } = await rate(as('applicant', 'mobile'));
    expect(rating).toMatchObject({ bad: true, followUp: 'FOLLOW_UP_STAGE_VERIFYING', raterSubject: people.applicant.sub, contactDueOn: '2026-10-16' });
    expect((await failure(rate(as('applicant', 'mobile'), { level: 1 }))).code).toBe(status.FAILED_PRECONDITION);

    // With the rating's token: without it a busy machine can answer from before the rating.
    const { ratings } = await call(s().listRatings, s(), ListRatingsRequest.fromPartial({ badOnly: true, consistencyToken }), supervisor());
    const seen = ratings.find((r) => r.ratingId === rating!.ratingId)!;
    expect(seen.raterSubject).toBe('');
    expect(seen.comment).not.toContain('13912345678');

    await call(s().verifyBadRating, s(), { requestId: randomUUID(), ratingId: rating!.ratingId, substantiated: true, note: '已回访，确有排队过长' }, supervisor());
    await call(s().reportRectification, s(), { requestId: randomUUID(), ratingId: rating!.ratingId, measures: '高峰时段增开窗口' }, department());
    await waitUntil('the rater to be told', async () => (await messages(as('applicant', 'pc'))).some((n) => n.templateId === 'rating-follow-up'));
    const scored = await call(s().scoreResponse, s(), { requestId: randomUUID(), ratingId: rating!.ratingId, level: 2 }, as('applicant', 'mobile'));
    expect(scored.rating).toMatchObject({ followUp: 'FOLLOW_UP_STAGE_SCORED', responseLevel: 2 });

    // A bad on-site rating, appealed and the appeal rejected: it keeps counting.
    // On the hall's tablet: it rates today's visit to a hall, as the counter recorded it. Today
    // (Oct 15) the case had none; collecting the licence at the Gulou window makes one.
    const tablet = { channel: 'RATING_CHANNEL_HALL_TABLET' as const, level: 4 };
    expect((await failure(rate(as('applicant', 'pc'), tablet))).code).toBe(status.FAILED_PRECONDITION);
    await call(suite.clients.acceptance.deliverResult, suite.clients.acceptance, DeliverResultRequest.fromPartial({ requestId: randomUUID(), caseNumber, method: 'DELIVERY_METHOD_WINDOW' }), as('countyClerk', 'counter'));
    let onSite: Rating | undefined;
    await waitUntil('the visit to be recorded', async () => {
      onSite = (await rate(as('applicant', 'pc'), tablet).catch(() => ({ rating: undefined }))).rating;
      return onSite !== undefined;
    });
    expect(onSite).toMatchObject({ hallId: 'gulou-hall', windowId: 'window-7', staffSubject: people.countyClerk.sub, visitId: 'gulou-hall-2026-10-15' });
    expect((await failure(rate(as('applicant', 'pc'), tablet))).code).toBe(status.FAILED_PRECONDITION);
    await call(s().appealRating, s(), { requestId: randomUUID(), ratingId: onSite!.ratingId, ground: 'APPEAL_GROUND_MALICIOUS', reason: '与服务无关' }, department());
    const reviewed = await call(s().reviewAppeal, s(), { requestId: randomUUID(), ratingId: onSite!.ratingId, upheld: false, note: '评价与服务相关' }, supervisor());
    expect(reviewed.rating).toMatchObject({ excluded: false, appeal: { reviewed: true, upheld: false } });

    // The case history shows the ratings, never who rated, to staff.
    const { entries } = await call(suite.clients.acceptance.getCaseHistory, suite.clients.acceptance, { caseNumber, consistencyToken: reviewed.consistencyToken }, supervisor());
    const { entries: atCounter } = await call(suite.clients.acceptance.getCaseHistory, suite.clients.acceptance, { caseNumber, consistencyToken: reviewed.consistencyToken }, as('countyClerk', 'counter'));
    expect(atCounter.find((e) => e.eventType === 'ratingAppealed')?.data).toEqual({ caseNumber });
    const ratingEntries = entries.filter((e) => e.eventType === 'ratingSubmitted');
    expect(ratingEntries.length).toBeGreaterThan(0);
    for (const entry of ratingEntries) {
      expect(entry.actor?.subject).toBe('');
      expect(JSON.stringify(entry.data)).not.toContain(people.applicant.sub);
    }
  }, 60_000);

  it('invites a concluded, unrated case to rate after 3 days, and rates nothing for it', async () => {
    clock.set(at('2026-10-16'));
    const soleTrader = catalogSeed[1]!;
    const { caseNumber: quick } = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: soleTrader.itemCode, applicant: liSi, materials: uploads(soleTrader.materials.filter((m) => m.required).map((m) => m.code)), submittedRegionCode: '350102',
    }), as('applicant', 'pc'));
    await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber: quick }), as('countyClerk', 'counter'));
    let register = '';
    await waitUntil('the registration task', async () => {
      const { tasks } = await call(suite.clients.approval.listTasks, suite.clients.approval, ListTasksRequest.fromPartial({}), approver());
      register = tasks.find((t) => t.caseNumber === quick)?.taskId ?? '';
      return register !== '';
    });
    await call(suite.clients.approval.claimTask, suite.clients.approval, { requestId: randomUUID(), taskId: register }, approver());
    await call(suite.clients.approval.decideTask, suite.clients.approval, { requestId: randomUUID(), taskId: register, decision: 'DECISION_APPROVE', opinion: '核准', materialCodes: [] }, approver());
    await caseWhen(suite.clients, quick, as('applicant', 'pc'), (c) => c.status === 'CASE_STATUS_CONCLUDED');
    clock.set(at('2026-10-18'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const invited = async () => (await call(suite.clients.notification.listNotifications, suite.clients.notification, { caseNumber: quick, recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '' }, as('applicant', 'pc'))).notifications.some((n) => n.templateId === 'rating-invited');
    expect(await invited()).toBe(false);
    clock.set(at('2026-10-19'));
    await waitUntil('the invitation', invited);
    const { ratings } = await call(s().listCaseRatings, s(), { caseNumber: quick, consistencyToken: '' }, as('applicant', 'pc'));
    expect(ratings).toEqual([]);
  }, 60_000);

  it('rolls statistics up the supervisor\'s jurisdiction, and traces the case across the four services', async () => {
    const statistics = await call(s().getStatistics, s(), GetStatisticsRequest.fromPartial({ groupBy: 'GROUP_BY_REGION', from: '2026-09-01', to: '2026-10-31' }), supervisor());
    expect(statistics.total).toMatchObject({ received: 2n, accepted: 2n, concluded: 2n, onTime: 2n, yellowAlerts: 2n, redAlerts: 1n, ratings: 2n, badRatings: 2n, rectified: 1n });
    expect(statistics.total?.ratingLevels).toEqual([0n, 0n, 0n, 1n, 1n]);
    expect(statistics.rows.map((r) => [r.key, r.figures?.received])).toEqual([['350102', 2n]]);
    const outside = await failure(call(s().getStatistics, s(), GetStatisticsRequest.fromPartial({ groupBy: 'GROUP_BY_REGION', regionCode: '440000' }), supervisor()));
    expect(outside.code).toBe(status.PERMISSION_DENIED);

    const { entries } = await call(s().traceCase, s(), { caseNumber, consistencyToken: '' }, supervisor());
    expect(new Set(entries.map((e) => e.sourceService))).toEqual(new Set(['acceptance', 'approval', 'supervision', 'notification']));
    expect(entries.find((e) => e.eventType === 'caseSubmitted')).toMatchObject({ traceId: TRACE_ID, spanId: '00f067aa0ba902b7', clockStatus: 'CLOCK_STATUS_WAITING' });
    const clockSteps = entries.map((e) => e.clockStatus).filter((state, i, all) => state !== all[i - 1]);
    expect(clockSteps).toEqual(['CLOCK_STATUS_WAITING', 'CLOCK_STATUS_RUNNING', 'CLOCK_STATUS_PAUSED', 'CLOCK_STATUS_RUNNING', 'CLOCK_STATUS_STOPPED']);
    expect(entries.filter((e) => e.eventType === 'ratingSubmitted').every((e) => e.actor?.subject === '')).toBe(true);
  }, 30_000);
});
