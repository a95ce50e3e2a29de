import type { CallContext } from '../../../platform/app/call-context.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertMayAccessCase } from '../case-access.ts';
import { HISTORY_ACCESS, HISTORY_ENTRIES, type HistoryAccessDocument, type HistoryDocument } from '../projections/case-history-projection.ts';

/** Only who may read the case may read its history (the access facts the history keeps of it). */
export async function authorizeHistory(app: AcceptanceApp, caseNumber: string, caller: CallContext): Promise<void> {
  const access = await app.readModels.get<HistoryAccessDocument>(HISTORY_ACCESS, caseNumber);
  if (!access) throw new NotFoundError(`case ${caseNumber} has no history`);
  assertMayAccessCase(caller, access);
}

/** A case's history entries so far, in the order they happened. */
export function historyOf(app: AcceptanceApp, caseNumber: string): Promise<HistoryDocument[]> {
  return app.readModels.find<HistoryDocument>(HISTORY_ENTRIES, {
    where: { caseNumber },
    orderBy: [['occurredAt', 'asc'], ['streamId', 'asc'], ['streamVersion', 'asc']],
  });
}
