import type { DecideTaskRequest, DecideTaskResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { approverOf, taskAfter } from './on-task.ts';

/** The approver decides a claimed task: approve, reject, or return to the applicant for materials. */
export function decideTask(app: ApprovalApp, request: DecideTaskRequest, caller: CallContext): Promise<DecideTaskResponse> {
  return taskAfter(app, request, caller, (now) => ({
    type: 'DecideTask',
    taskId: request.taskId,
    approver: approverOf(caller),
    decision: request.decision,
    opinion: request.opinion,
    materialCodes: request.materialCodes,
    now,
  }));
}
