import type { WatchCaseRequest, WatchCaseResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { HistoryEntry } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { presentHistoryEntry } from '../case-access.ts';
import { authorizeHistory, historyOf } from './case-history.ts';

/** A case's history followed live by who may read it: the entries so far, then each new one, until the caller hangs up. */
export async function watchCase(app: AcceptanceApp, request: WatchCaseRequest, caller: CallContext, write: (response: WatchCaseResponse) => void): Promise<void> {
  await awaitConsistency(app.views.history, request.consistencyToken, caller, app.consistencyWaitMs);
  await authorizeHistory(app, request.caseNumber, caller);
  // The history records an entry only after its cause, so a watcher always sees causes before effects.
  const sent = new Set<string>();
  const sendNew = async () => {
    for (const document of await historyOf(app, request.caseNumber)) {
      if (sent.has(document.id) || caller.signal.aborted) continue;
      sent.add(document.id);
      write({ entry: presentHistoryEntry(HistoryEntry.fromJSON(document.entry), caller) });
    }
  };
  // Subscribe before the first read, so an entry recorded in between is not missed.
  let sending = Promise.resolve();
  const unsubscribe = app.views.history.onApplied((events) => {
    if (events.some((event) => event.correlationId === request.caseNumber)) sending = sending.then(sendNew);
  });
  // Other pods record entries in a shared history too; this one only hears of its own.
  const poll = app.views.history.shared ? setInterval(() => (sending = sending.then(sendNew)), WATCH_POLL_MS) : undefined;
  try {
    sending = sending.then(sendNew);
    await new Promise<void>((resolve) => caller.signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    unsubscribe();
    clearInterval(poll);
  }
}

/** How often a watch on a history shared by several pods reads it again (it hears only of its own pod's writes). */
const WATCH_POLL_MS = 1_000;
