import { HistoryEntry } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import { type CallContext, remainingMs } from '../../../platform/app/call-context.ts';
import { NotFoundError, UnavailableError } from '../../../platform/domain/errors.ts';
import { type ConsistencyToken, decodeConsistencyToken } from '../../../platform/projection/consistency-token.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertMayAccessCase } from '../case-access.ts';
import { HISTORY_ACCESS, HISTORY_ENTRIES, type HistoryAccessDocument, type HistoryDocument } from '../projections/case-history-projection.ts';

/** A case's history as it stands: the entries in their order so far, and those not yet placed. */
interface HistorySoFar {
  /** Positions 1, 2, 3... up to the first not yet here (each with its position). */
  readonly entries: HistoryEntry[];
  /** Entries whose events are here but whose position is not, or comes after a gap. */
  readonly unplaced: HistoryEntry[];
}

/**
 * A case's history for a query with a consistency token: once the write the token names is in the
 * view and placed in the history's order (the history's own record of it comes a moment later),
 * within the same bounded wait as every query (UNAVAILABLE past it). Only who may read the case.
 */
export async function readHistory(app: AcceptanceApp, caseNumber: string, tokenText: string, caller: CallContext): Promise<HistoryEntry[]> {
  const token = decodeConsistencyToken(tokenText);
  // One bounded wait for both: the write in the view, then its place in the order.
  const until = Date.now() + Math.min(app.consistencyWaitMs, remainingMs(caller));
  await awaitConsistency(app.views.history, token, caller, app.consistencyWaitMs);
  await authorizeHistory(app, caseNumber, caller);
  for (;;) {
    const history = await historyOf(app, caseNumber);
    if (!token || !history.unplaced.some((entry) => isWriteOf(token, entry))) return history.entries;
    if (Date.now() >= until || caller.signal.aborted) throw new UnavailableError('the case history has not placed the consistency token’s write in its order yet; retry');
    await nextEventOfCase(app, caseNumber, until);
  }
}

const isWriteOf = (token: ConsistencyToken, entry: HistoryEntry) =>
  entry.sourceService === token.service && entry.streamId === token.streamId && entry.streamVersion <= BigInt(token.version);

/** Resolves when the history view applies an event of the case, or after a short while (another pod may apply it). */
function nextEventOfCase(app: AcceptanceApp, caseNumber: string, until: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), unsubscribe(), resolve());
    const timer = setTimeout(done, Math.max(0, Math.min(RECHECK_MS, until - Date.now())));
    const unsubscribe = app.views.history.onApplied((events) => events.some((event) => event.correlationId === caseNumber) && done());
  });
}

/** How long a wait for the history's order looks again without hearing of an event (another pod's writes). */
const RECHECK_MS = 50;

/** Only who may read the case may read its history (the access facts the history keeps of it). */
export async function authorizeHistory(app: AcceptanceApp, caseNumber: string, caller: CallContext): Promise<void> {
  const access = await app.readModels.get<HistoryAccessDocument>(HISTORY_ACCESS, caseNumber);
  if (!access) throw new NotFoundError(`case ${caseNumber} has no history`);
  assertMayAccessCase(caller, access);
}

/**
 * A case's history so far in its one order: the entries placed at positions 1, 2, 3... up to the
 * first whose event or position has not reached this view yet, so that every reader sees a prefix
 * of the same sequence and a later read only adds to it.
 */
export async function historyOf(app: AcceptanceApp, caseNumber: string): Promise<HistorySoFar> {
  const documents = await app.readModels.find<HistoryDocument>(HISTORY_ENTRIES, { where: { caseNumber }, orderBy: [['position', 'asc']] });
  const byPosition = new Map(documents.flatMap((document) => (document.position && document.entry ? [[document.position, document] as const] : [])));
  const entries: HistoryEntry[] = [];
  for (let position = 1; byPosition.has(position); position += 1) {
    entries.push({ ...HistoryEntry.fromJSON(byPosition.get(position)!.entry), position: BigInt(position) });
  }
  const unplaced = documents.filter((document) => document.entry && !(document.position && document.position <= entries.length));
  return { entries, unplaced: unplaced.map((document) => HistoryEntry.fromJSON(document.entry)) };
}
