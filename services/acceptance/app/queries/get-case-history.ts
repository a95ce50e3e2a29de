import type { GetCaseHistoryRequest, GetCaseHistoryResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { HistoryEntry } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { presentHistoryEntry } from '../case-access.ts';
import { authorizeHistory, historyOf } from './case-history.ts';

/** A case's one history across all four services, as the caller (its applicant, staff of its jurisdiction) may read it. */
export async function getCaseHistory(app: AcceptanceApp, request: GetCaseHistoryRequest, caller: CallContext): Promise<GetCaseHistoryResponse> {
  await awaitConsistency(app.views.history, request.consistencyToken, caller, app.consistencyWaitMs);
  await authorizeHistory(app, request.caseNumber, caller);
  return { entries: (await historyOf(app, request.caseNumber)).map((d) => presentHistoryEntry(HistoryEntry.fromJSON(d.entry), caller)) };
}
