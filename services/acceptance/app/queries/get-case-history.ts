import type { GetCaseHistoryRequest, GetCaseHistoryResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { presentHistoryEntry } from '../case-access.ts';
import { readHistory } from './case-history.ts';

/** A case's one history across all four services, in its one order, as the caller (its applicant, staff of its jurisdiction) may read it. */
export async function getCaseHistory(app: AcceptanceApp, request: GetCaseHistoryRequest, caller: CallContext): Promise<GetCaseHistoryResponse> {
  const entries = await readHistory(app, request.caseNumber, request.consistencyToken, caller);
  return { entries: entries.map((entry) => presentHistoryEntry(entry, caller)) };
}
