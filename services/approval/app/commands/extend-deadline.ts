import type { ExtendDeadlineRequest, ExtendDeadlineResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { approverOf, processAfter } from './on-task.ts';

/** 延长审批: one extension of 10 working days (15 for joint handling), approved by the agency head (行政许可法 Art. 42). */
export function extendDeadline(app: ApprovalApp, request: ExtendDeadlineRequest, caller: CallContext): Promise<ExtendDeadlineResponse> {
  return processAfter(app, request, caller, (now) => ({
    type: 'ExtendDeadline',
    taskId: request.taskId,
    approver: approverOf(caller),
    reason: request.reason,
    approvedBy: request.approvedBy,
    now,
  }));
}
