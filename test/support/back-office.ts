import { randomUUID } from 'node:crypto';
import { ListTasksRequest } from '../../generated/onewindow/approval/v1/approval_service.ts';
import type { Metadata } from '@grpc/grpc-js';
import { AcceptCaseRequest, GetCaseRequest, SubmitCaseRequest, SupplyMaterialsRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { Case } from '../../generated/onewindow/acceptance/v1/case.ts';
import { type UnaryMethod, call, callerMetadata, type connect } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { people } from './channels.ts';
import { waitUntil } from './test-platform.ts';

type Clients = ReturnType<typeof connect>;

/**
 * Approves every task of a case, department by department, until its process concludes.
 * `afterToken`: the consistency token of the caller's own last approval command, if any.
 */
export async function approveEverything(clients: Clients, caseNumber: string, departments: readonly string[], region = '350102', afterToken = ''): Promise<void> {
  const inboxes = departments.map((department) => callerMetadata({ sub: `approver-${department}`, roles: ['approver'], department, region }, 'pc'));
  let concluded = false;
  // Each listing reflects the last decision (its consistency token): an inbox read before the view
  // applied it would offer the decided task again.
  let consistencyToken = afterToken;
  await waitUntil(`the process of ${caseNumber} to conclude`, async () => {
    for (const inbox of inboxes) {
      const { tasks } = await call(clients.approval.listTasks, clients.approval, ListTasksRequest.fromPartial({ consistencyToken }), inbox);
      for (const task of tasks.filter((t) => t.caseNumber === caseNumber)) {
        await call(clients.approval.claimTask, clients.approval, { requestId: randomUUID(), taskId: task.taskId }, inbox);
        ({ consistencyToken } = await call(clients.approval.decideTask, clients.approval, { requestId: randomUUID(), taskId: task.taskId, decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, inbox));
      }
    }
    const { process } = await call(clients.approval.getProcess, clients.approval, { caseNumber, consistencyToken: '' }, inboxes[0]!).catch(() => ({ process: undefined }));
    concluded = Boolean(process && process.outcome !== 'OUTCOME_UNSPECIFIED');
    return concluded;
  });
}

/** Polls a case until it satisfies `done`. */
export async function caseWhen(clients: Clients, caseNumber: string, metadata: Parameters<typeof call>[3], done: (view: Case) => boolean): Promise<Case> {
  let latest: Case | undefined;
  await waitUntil(`case ${caseNumber} to change`, async () => {
    latest = (await call(clients.acceptance.getCase, clients.acceptance, GetCaseRequest.fromPartial({ caseNumber }), metadata)).case;
    return Boolean(latest && done(latest));
  });
  return latest!;
}

/**
 * A case through every move the back office has: release, reassignment by a colleague and by a
 * supervisor, a special procedure, the extension, a return for supplement answered by the
 * applicant, and approval. On the real clock: each happens today.
 */
export async function exerciseBackOffice(clients: Clients): Promise<string> {
  const applicant = callerMetadata(people.applicant, 'pc');
  const first = callerMetadata({ sub: 'approver-scjgj-11', roles: ['approver'], department: 'SCJGJ', region: '350102' }, 'pc');
  const second = callerMetadata({ sub: 'approver-scjgj-12', roles: ['approver'], department: 'SCJGJ', region: '350102' }, 'pc');
  const caseNumber = await acceptedCase(clients);
  const taskId = `${caseNumber}:0:review`;
  await waitUntil(`the review of ${caseNumber} in the inbox`, async () =>
    (await call(clients.approval.listTasks, clients.approval, ListTasksRequest.fromPartial({}), first)).tasks.some((t) => t.taskId === taskId));
  /** A command on the review task, under a fresh request id. */
  const act = <R extends { requestId: string; taskId: string }, S>(method: UnaryMethod<R, S>, request: Omit<R, 'requestId' | 'taskId'>, metadata: Metadata) =>
    call(method, clients.approval, { requestId: randomUUID(), taskId, ...request } as R, metadata);
  await act(clients.approval.claimTask, {}, first);
  await act(clients.approval.releaseTask, {}, first);
  await act(clients.approval.claimTask, {}, first);
  await act(clients.approval.reassignTask, { assignee: 'approver-scjgj-12', reason: '休假' }, first);
  await act(clients.approval.reassignTask, { assignee: 'approver-scjgj-11', reason: '均衡工作量' }, callerMetadata(people.supervisor, 'pc'));
  await act(clients.approval.reassignTask, { assignee: 'approver-scjgj-12', reason: '回到原承办人' }, first);
  await act(clients.approval.suspendClock, { kind: 'SUSPENSION_KIND_INSPECTION', reason: '现场核查', legalBasis: '《行政许可法》第三十四条', expectedWorkingDays: 3 }, second);
  await act(clients.approval.resumeClock, { result: '核查合格' }, second);
  await act(clients.approval.extendDeadline, { reason: '需补充论证', approvedBy: 'head-scjgj' }, second);
  await act(clients.approval.decideTask, { decision: 'DECISION_RETURN', opinion: '平面图不清晰', materialCodes: ['floor-plan'] }, second);
  await caseWhen(clients, caseNumber, applicant, (c) => c.approvalSupplement.length > 0);
  const floorPlan = { materialCode: 'floor-plan', source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: 'scan-floor-plan-2', trustLevel: 'TRUST_LEVEL_C' as const };
  await call(clients.acceptance.supplyMaterials, clients.acceptance, SupplyMaterialsRequest.fromPartial({ requestId: randomUUID(), caseNumber, materials: [floorPlan] }), applicant);
  await waitUntil(`the clock of ${caseNumber} to run again`, async () => {
    const { process } = await call(clients.approval.getProcess, clients.approval, { caseNumber, consistencyToken: '' }, second);
    return process?.suspended === false && process.tasks.some((t) => t.taskId === taskId && t.status === 'TASK_STATUS_CLAIMED');
  });
  const { consistencyToken } = await act(clients.approval.decideTask, { decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, second);
  await approveEverything(clients, caseNumber, ['SCJGJ'], '350102', consistencyToken);
  return caseNumber;
}

/** A 食品经营许可 case Li Si applied for online and the Gulou counter accepted: its process runs. */
export async function acceptedCase(clients: Clients): Promise<string> {
  const item = catalogSeed[0]!;
  const materials = item.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_C' as const }));
  const { caseNumber } = await call(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
    requestId: randomUUID(), itemCode: item.itemCode, materials, submittedRegionCode: '350102',
    applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
  }), callerMetadata(people.applicant, 'pc'));
  await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), callerMetadata(people.countyClerk, 'counter'));
  return caseNumber;
}
