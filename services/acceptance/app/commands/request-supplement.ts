import type { RequestSupplementRequest, RequestSupplementResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { caseAfter } from './on-case.ts';

/** 一次性告知: a clerk tells the applicant, once, every material missing or defective (行政许可法 Art. 32). */
export function requestSupplement(app: AcceptanceApp, request: RequestSupplementRequest, caller: CallContext): Promise<RequestSupplementResponse> {
  return caseAfter(app, request, caller, (_record, item, now) => ({ type: 'RequestSupplement', item, items: request.items.map((i) => ({ ...i, materialName: '' })), now }));
}
