import type { WatchCaseRequest, WatchCaseResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { presentHistoryEntry } from '../case-access.ts';
import { historyOf, readHistory } from './case-history.ts';

/**
 * A case's history followed live by who may read it: the entries after `afterPosition` (all, from
 * 0), then each new one, until the caller hangs up. Entries go out strictly by position, the order
 * GetCaseHistory answers in, so every watcher gets the same sequence and one that resumes after
 * the last position it received misses nothing and gets nothing twice.
 */
export async function watchCase(app: AcceptanceApp, request: WatchCaseRequest, caller: CallContext, write: (response: WatchCaseResponse) => void): Promise<void> {
  await readHistory(app, request.caseNumber, request.consistencyToken, caller);
  let sent = request.afterPosition;
  const sendNew = async () => {
    for (const entry of (await historyOf(app, request.caseNumber)).entries) {
      if (entry.position <= sent || caller.signal.aborted) continue;
      sent = entry.position;
      write({ entry: presentHistoryEntry(entry, caller) });
    }
  };
  // Subscribe before the first read, so an entry recorded in between is not missed (the read
  // above only authorises and waits for the token: entries may have come since).
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
