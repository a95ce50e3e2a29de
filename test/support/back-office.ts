import { randomUUID } from 'node:crypto';
import { ListTasksRequest } from '../../generated/onewindow/approval/v1/approval_service.ts';
import { GetCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { Case } from '../../generated/onewindow/acceptance/v1/case.ts';
import { call, callerMetadata, type connect } from '../../scripts/lib/channel-clients.ts';
import { waitUntil } from './test-platform.ts';

type Clients = ReturnType<typeof connect>;

/** Approves every task of a case, department by department, until its process concludes. */
export async function approveEverything(clients: Clients, caseNumber: string, departments: readonly string[], region = '350102'): Promise<void> {
  const inboxes = departments.map((department) => callerMetadata({ sub: `approver-${department}`, roles: ['approver'], department, region }, 'pc'));
  let concluded = false;
  await waitUntil(`the process of ${caseNumber} to conclude`, async () => {
    for (const inbox of inboxes) {
      const { tasks } = await call(clients.approval.listTasks, clients.approval, ListTasksRequest.fromPartial({}), inbox);
      for (const task of tasks.filter((t) => t.caseNumber === caseNumber)) {
        await call(clients.approval.claimTask, clients.approval, { requestId: randomUUID(), taskId: task.taskId }, inbox);
        await call(clients.approval.decideTask, clients.approval, { requestId: randomUUID(), taskId: task.taskId, decision: 'DECISION_APPROVE', opinion: '同意' }, inbox);
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
