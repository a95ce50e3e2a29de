import type { RefuseCaseRequest, RefuseCaseResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { caseAfter } from './on-case.ts';

/** A clerk refuses to accept a case (不予受理), with the reason and its legal basis (行政许可法 Art. 32). */
export function refuseCase(app: AcceptanceApp, request: RefuseCaseRequest, caller: CallContext): Promise<RefuseCaseResponse> {
  return caseAfter(app, request, caller, (_record, _item, now) => ({ type: 'RefuseCase', reason: request.reason, legalBasis: request.legalBasis, now }));
}
