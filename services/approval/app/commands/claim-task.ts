import type { ClaimTaskRequest, ClaimTaskResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { approverOf, taskAfter } from './on-task.ts';

/** An approver takes a task of their department: it is theirs to decide until they release it. */
export function claimTask(app: ApprovalApp, request: ClaimTaskRequest, caller: CallContext): Promise<ClaimTaskResponse> {
  return taskAfter(app, request, caller, (now) => ({ type: 'ClaimTask', taskId: request.taskId, approver: approverOf(caller), now }));
}
