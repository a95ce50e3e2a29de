import type { WithdrawCaseRequest, WithdrawCaseResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { caseAfter } from './on-case.ts';

/** The applicant, or a clerk of its jurisdiction for them, withdraws a case (撤回申请). */
export function withdrawCase(app: AcceptanceApp, request: WithdrawCaseRequest, caller: CallContext): Promise<WithdrawCaseResponse> {
  return caseAfter(app, request, caller, (_record, _item, now) => ({ type: 'WithdrawCase', reason: request.reason, now }));
}
