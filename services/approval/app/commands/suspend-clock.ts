import type { SuspendClockRequest, SuspendClockResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { approverOf, processAfter } from './on-task.ts';

/** 特别程序: a hearing, inspection, test or expert review stops the legal clock (行政许可法 Art. 45). */
export function suspendClock(app: ApprovalApp, request: SuspendClockRequest, caller: CallContext): Promise<SuspendClockResponse> {
  return processAfter(app, request, caller, (now) => ({
    type: 'SuspendClock',
    taskId: request.taskId,
    approver: approverOf(caller),
    kind: request.kind,
    reason: request.reason,
    legalBasis: request.legalBasis,
    expectedWorkingDays: request.expectedWorkingDays,
    now,
  }));
}
