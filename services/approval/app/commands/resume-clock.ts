import type { ResumeClockRequest, ResumeClockResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { approverOf, processAfter } from './on-task.ts';

/** The special procedure ends: the clock runs on with the time that was left. */
export function resumeClock(app: ApprovalApp, request: ResumeClockRequest, caller: CallContext): Promise<ResumeClockResponse> {
  return processAfter(app, request, caller, (now) => ({ type: 'ResumeClock', taskId: request.taskId, approver: approverOf(caller), result: request.result, now }));
}
