import { randomUUID } from 'node:crypto';
import { type ServiceError, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { AcceptCaseRequest, SubmitCaseRequest, SupplyMaterialsRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { SubmittedMaterial } from '../../generated/onewindow/acceptance/v1/case.ts';
import { ListTasksRequest } from '../../generated/onewindow/approval/v1/approval_service.ts';
import type { Task } from '../../generated/onewindow/approval/v1/process.ts';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { ManualClock } from '../../services/platform/time/clock.ts';
import { caseWhen } from '../support/back-office.ts';
import { as } from '../support/channels.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import { waitUntil } from '../support/test-platform.ts';

const planningPermit = catalogSeed[3]!;
const foodLicense = catalogSeed[0]!;
const liSi = { kind: { $case: 'person' as const, value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' };
const uploads = (codes: readonly string[]): SubmittedMaterial[] =>
  codes.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_C' }));
const requiredOf = (item: typeof foodLicense) => item.materials.filter((m) => m.required).map((m) => m.code);
const at = (date: string) => `${date}T10:00:00+08:00`;
const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('the call succeeded'), (error: ServiceError) => error);

const approver = (sub: string, department: string, region = '350100'): TokenClaims => ({ sub, roles: ['approver'], department, region });
const staff = {
  planning: approver('approver-zrzy-01', 'ZRZYGHJ'),
  planningColleague: approver('approver-zrzy-02', 'ZRZYGHJ'),
  fire: approver('approver-zjj-01', 'ZJJ'),
  defence: approver('approver-rfb-01', 'RFB'),
  market: approver('approver-scjgj-01', 'SCJGJ', '350102'),
  supervisor: { sub: 'supervisor-fuzhou-01', roles: ['supervisor'], region: '350100' },
} satisfies Record<string, TokenClaims>;
type Who = keyof typeof staff;

/** The back office over gRPC, on a platform whose clock the test moves. */
describe('approval in the back office (后台分类审批)', () => {
  const clock = new ManualClock(at('2026-09-17'));
  const suite = platformForSuite({}, { clock });
  const approval = () => suite.clients.approval;
  const metadata = (who: Who) => callerMetadata(staff[who], 'pc');

  const submitAndAccept = async (item: typeof foodLicense, region: string) => {
    const { caseNumber } = await call(suite.clients.acceptance.submitCase, suite.clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode: item.itemCode, applicant: liSi, materials: uploads(requiredOf(item)), submittedRegionCode: region,
    }), as('applicant', 'pc'));
    await call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    return caseNumber;
  };
  const inbox = async (who: Who, statuses: Task['status'][] = []) =>
    (await call(approval().listTasks, approval(), ListTasksRequest.fromPartial({ statuses, pageSize: 200 }), metadata(who))).tasks;
  const taskOf = async (who: Who, caseNumber: string, stepId: string) => {
    let found: Task | undefined;
    await waitUntil(`${stepId} in the inbox of ${who}`, async () => {
      found = (await inbox(who)).find((t) => t.caseNumber === caseNumber && t.stepId === stepId);
      return Boolean(found);
    });
    return found!;
  };
  const claim = (who: Who, taskId: string) => call(approval().claimTask, approval(), { requestId: randomUUID(), taskId }, metadata(who));
  const approve = (who: Who, taskId: string) =>
    call(approval().decideTask, approval(), { requestId: randomUUID(), taskId, decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, metadata(who));
  const process = async (caseNumber: string, consistencyToken = '') =>
    (await call(approval().getProcess, approval(), { caseNumber, consistencyToken }, metadata('supervisor'))).process!;
  /** The messages the applicant was sent about a case. */
  const notifications = async (caseNumber: string) =>
    (await call(suite.clients.notification.listNotifications, suite.clients.notification, { caseNumber, recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '' }, as('applicant', 'pc'))).notifications;

  it('runs three departments in parallel through one suspension and one extension, and concludes on the working day the law gives', async () => {
    clock.set(at('2026-09-17'));
    const caseNumber = await submitAndAccept(planningPermit, '350102');
    const planning = await taskOf('planning', caseNumber, 'planning-review');
    // 20 working days from Thu Sep 17: Oct 21; 10: Oct 8; each review 5: Sep 23.
    expect(planning.due).toMatchObject({ date: '2026-09-23', workingDays: 5 });
    expect((await process(caseNumber)).statutoryDeadline).toMatchObject({ date: '2026-10-21', workingDays: 20 });

    // Two planning approvers claim at once: exactly one holds the task.
    clock.set(at('2026-09-18'));
    const claims = await Promise.allSettled([claim('planning', planning.taskId), claim('planningColleague', planning.taskId)]);
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    expect([status.FAILED_PRECONDITION, status.ABORTED]).toContain(((claims.find((c) => c.status === 'rejected') as PromiseRejectedResult).reason as ServiceError).code);
    const winner = (claims.find((c) => c.status === 'fulfilled') as PromiseFulfilledResult<{ task?: Task }>).value.task!.assignee;
    const holder: Who = winner === staff.planning.sub ? 'planning' : 'planningColleague';
    await approve(holder, planning.taskId);
    // Only the task's department may act on it.
    expect((await failure(claim('fire', planning.taskId))).code).toBe(status.PERMISSION_DENIED);

    // The fire department stops the clock for an expert review on Tue Sep 22 (3 of 20 used).
    clock.set(at('2026-09-21'));
    const fire = await taskOf('fire', caseNumber, 'fire-review');
    await claim('fire', fire.taskId);
    clock.set(at('2026-09-22'));
    const suspended = await call(approval().suspendClock, approval(), {
      requestId: randomUUID(), taskId: fire.taskId, kind: 'SUSPENSION_KIND_EXPERT_REVIEW', reason: '消防设计需专家评审',
      legalBasis: '《建设工程消防设计审查验收管理暂行规定》第十五条', expectedWorkingDays: 10,
    }, metadata('fire'));
    expect(suspended.process).toMatchObject({ suspended: true, statutoryWorkingDaysRemaining: 17 });
    // While it stands still, the days left do not run down.
    clock.set(at('2026-10-08'));
    expect((await process(caseNumber, suspended.consistencyToken)).statutoryWorkingDaysRemaining).toBe(17);
    expect((await failure(approve('fire', fire.taskId))).code).toBe(status.FAILED_PRECONDITION);

    // Resumed on Fri Oct 9: Sep 22 - Oct 8 do not count; the 17 days left run Oct 9 to Oct 30 (Oct 10 is a make-up Saturday).
    clock.set(at('2026-10-09'));
    const resumed = await call(approval().resumeClock, approval(), { requestId: randomUUID(), taskId: fire.taskId, result: '专家评审通过' }, metadata('fire'));
    expect(resumed.process).toMatchObject({ suspended: false, statutoryDeadline: { date: '2026-10-30' }, promisedDeadline: { date: '2026-10-16' } });
    expect(resumed.process?.clockIntervals).toMatchObject([{ kind: 'SUSPENSION_KIND_EXPERT_REVIEW', startedOn: '2026-09-22', endedOn: '2026-10-09', result: '专家评审通过' }]);
    // The reviews had 2 of their 5 days left: Oct 9 and Oct 10.
    expect(resumed.process?.tasks.find((t) => t.taskId === fire.taskId)?.due?.date).toBe('2026-10-10');

    clock.set(at('2026-10-12'));
    await approve('fire', fire.taskId);
    clock.set(at('2026-10-13'));
    const defence = await taskOf('defence', caseNumber, 'civil-defence-review');
    await claim('defence', defence.taskId);
    await approve('defence', defence.taskId);

    // The planning bureau, deciding, extends once: joint handling gives 15 working days, Nov 2-6, 9-13, 16-20.
    clock.set(at('2026-10-14'));
    const decide = await taskOf('planning', caseNumber, 'decide');
    await claim('planning', decide.taskId);
    const extension = { requestId: randomUUID(), taskId: decide.taskId, reason: '涉及重大公共利益，需组织论证', approvedBy: 'head-zrzy-01' };
    const extended = await call(approval().extendDeadline, approval(), extension, metadata('planning'));
    expect(extended.process).toMatchObject({ statutoryDeadline: { date: '2026-11-20', workingDays: 35 }, extension: { workingDays: 15, approvedBy: 'head-zrzy-01' } });
    const again = await failure(call(approval().extendDeadline, approval(), { ...extension, requestId: randomUUID() }, metadata('planning')));
    expect(again.code).toBe(status.FAILED_PRECONDITION);

    // Decided on the last day the law gives.
    clock.set(at('2026-11-20'));
    // Read with the extension's token: without it a busy machine can answer from before it.
    expect((await process(caseNumber, extended.consistencyToken)).statutoryWorkingDaysRemaining).toBe(0);
    const [lastDay] = (await inbox('planning')).filter((t) => t.taskId === decide.taskId);
    expect(lastDay?.workingDaysRemaining).toBeLessThan(0);
    const decided = await approve('planning', decide.taskId);
    const concluded = await process(caseNumber, decided.consistencyToken);
    expect(concluded).toMatchObject({ outcome: 'OUTCOME_APPROVED', statutoryDeadline: { date: '2026-11-20' }, result: { issuedOn: '2026-11-20', licenseType: '建设工程规划许可证' } });

    // Every channel sees it: the case, supervision's clock, and the applicant's messages.
    const view = await caseWhen(suite.clients, caseNumber, as('applicant', 'pc'), (c) => c.status === 'CASE_STATUS_CONCLUDED');
    expect(view.statutoryDeadline).toMatchObject({ date: '2026-11-20', workingDays: 35 });
    await waitUntil('supervision to stop the clock', async () => {
      const { clock: caseClock } = await call(suite.clients.supervision.getCaseClock, suite.clients.supervision, { caseNumber, consistencyToken: '' }, metadata('supervisor'));
      return caseClock?.status === 'CLOCK_STATUS_STOPPED' && caseClock.withinStatutoryLimit && caseClock.statutoryDeadline?.date === '2026-11-20';
    });
    await waitUntil('the applicant to be told of the expert review and the extension', async () => {
      const sent = await notifications(caseNumber);
      return ['clock-suspended', 'deadline-extended'].every((template) => sent.some((n) => n.templateId === template));
    });
  }, 60_000);

  it('returns a case to the applicant, waits without counting, and goes on once the materials arrive; inboxes rebuild to the same', async () => {
    clock.set(at('2026-09-17'));
    const caseNumber = await submitAndAccept(foodLicense, '350102');
    const review = await taskOf('market', caseNumber, 'review');
    clock.set(at('2026-09-21'));
    await claim('market', review.taskId);
    const returned = await call(approval().decideTask, approval(), {
      requestId: randomUUID(), taskId: review.taskId, decision: 'DECISION_RETURN', opinion: '平面图未标注排水设施', materialCodes: ['floor-plan'],
    }, metadata('market'));
    expect(returned.task).toMatchObject({ status: 'TASK_STATUS_RETURNED', suspended: true });
    const waiting = await caseWhen(suite.clients, caseNumber, as('applicant', 'pc'), (c) => c.approvalSupplement.length > 0);
    expect(waiting.approvalSupplement).toMatchObject([{ materialCode: 'floor-plan', materialName: '经营场所平面布局图', note: '平面图未标注排水设施' }]);
    await waitUntil('the applicant to be told what to supply', async () => (await notifications(caseNumber)).some((n) => n.templateId === 'approval-supplement-requested'));

    // Inboxes rebuilt from approval's events equal the live ones, a returned task among them.
    const everything: Task['status'][] = ['TASK_STATUS_OPEN', 'TASK_STATUS_CLAIMED', 'TASK_STATUS_DECIDED', 'TASK_STATUS_WITHDRAWN', 'TASK_STATUS_RETURNED'];
    const inboxes = async () => Promise.all((Object.keys(staff) as Who[]).map((who) => inbox(who, everything)));
    const live = await inboxes();
    expect(live.flat().some((t) => t.status === 'TASK_STATUS_RETURNED')).toBe(true);
    const views = suite.test.platform.modules.approval.projections.find((p) => p.name === 'approval-views')!;
    await views.rebuild();
    await waitUntil('approval views to rebuild', async () => (await views.lag()) === 0);
    expect(await inboxes()).toEqual(live);

    // The applicant supplies on Thu Sep 24: the clock runs again that day (Sep 21-23 did not count) and the task is back with its holder.
    clock.set(at('2026-09-24'));
    await call(suite.clients.acceptance.supplyMaterials, suite.clients.acceptance, SupplyMaterialsRequest.fromPartial({
      requestId: randomUUID(), caseNumber, materials: uploads(['floor-plan']),
    }), as('applicant', 'pc'));
    await waitUntil('the clock to run again', async () => !(await process(caseNumber)).suspended);
    const after = await process(caseNumber);
    expect(after.tasks.find((t) => t.taskId === review.taskId)).toMatchObject({ status: 'TASK_STATUS_CLAIMED', assignee: staff.market.sub, due: { date: '2026-10-09' } });
    expect(after).toMatchObject({ promisedDeadline: { date: '2026-10-12' }, statutoryDeadline: { date: '2026-10-26' } });
    const view = await caseWhen(suite.clients, caseNumber, as('applicant', 'pc'), (c) => c.statutoryDeadline?.date === '2026-10-26');
    expect(view).toMatchObject({ approvalSupplement: [], promisedDeadline: { date: '2026-10-12' } });
    await approve('market', review.taskId);
  }, 60_000);

  it('shows the front office that a task changed hands, and only the back office between whom and why', async () => {
    clock.set(at('2026-09-17'));
    const caseNumber = await submitAndAccept(foodLicense, '350102');
    const review = await taskOf('market', caseNumber, 'review');
    const moved = await call(approval().reassignTask, approval(), { requestId: randomUUID(), taskId: review.taskId, assignee: 'approver-scjgj-09', reason: '原承办人休假' }, metadata('supervisor'));
    const entryFor = async (metadata: Parameters<typeof call>[3]) => {
      const { entries } = await call(suite.clients.acceptance.getCaseHistory, suite.clients.acceptance, { caseNumber, consistencyToken: moved.consistencyToken }, metadata);
      return entries.find((e) => e.eventType === 'taskReassigned')!;
    };
    const front = await entryFor(as('applicant', 'pc'));
    expect(front.summary).toBe('审批任务转办');
    expect(JSON.stringify(front.data)).not.toContain('原承办人休假');
    expect(await entryFor(as('countyClerk', 'counter'))).toEqual(front);
    expect((await entryFor(as('supervisor', 'pc'))).data).toMatchObject({ reason: '原承办人休假', assignee: 'approver-scjgj-09' });
  }, 30_000);
});
