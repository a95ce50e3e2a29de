import type { ReleaseTaskRequest, ReleaseTaskResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { approverOf, taskAfter } from './on-task.ts';

/** The approver who claimed a task puts it back in the department's inbox. */
export function releaseTask(app: ApprovalApp, request: ReleaseTaskRequest, caller: CallContext): Promise<ReleaseTaskResponse> {
  return taskAfter(app, request, caller, () => ({ type: 'ReleaseTask', taskId: request.taskId, approver: approverOf(caller) }));
}
