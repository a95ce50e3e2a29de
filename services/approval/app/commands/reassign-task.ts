import type { ReassignTaskRequest, ReassignTaskResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { approverOf, taskAfter } from './on-task.ts';

/** 转办: an approver, or a supervisor of the region, hands a task on to a named colleague. */
export function reassignTask(app: ApprovalApp, request: ReassignTaskRequest, caller: CallContext): Promise<ReassignTaskResponse> {
  return taskAfter(app, request, caller, () => ({
    type: 'ReassignTask',
    taskId: request.taskId,
    by:
      caller.role === 'ROLE_SUPERVISOR'
        ? { kind: 'supervisor', subject: caller.caller.subject, jurisdiction: caller.caller.regionCode }
        : { kind: 'approver', approver: approverOf(caller) },
    assignee: request.assignee,
    reason: request.reason,
  }));
}
