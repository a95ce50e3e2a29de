import { HistoryEntry } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { AnyPayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import { historyEntryOf } from '../history-entry.ts';

/**
 * One entry of a case's unified history. Its content comes with its event (from that service's
 * topic), its position with the history's record of its arrival (acceptance's own topic); either
 * may come first, and the entry is shown once it has both.
 */
export interface HistoryDocument extends ReadModelDocument {
  readonly caseNumber: string;
  /** Its place in the case's one order, from 1 (domain/history/history-order-decider.ts). */
  readonly position?: number;
  /** The entry as proto3 JSON. */
  readonly entry?: unknown;
}

/** Who may read a case's history: its applicant, and staff whose jurisdiction covers the case. */
export interface HistoryAccessDocument extends ReadModelDocument {
  readonly applicantSubject: string;
  readonly handlingRegionCode: string;
  readonly submittedRegionCode: string;
}

export const HISTORY_ENTRIES = 'history_entries';
export const HISTORY_ACCESS = 'history_access';

/**
 * The unified case history (docs/architecture.md, "One history, every channel"): every event of all
 * four services about a case, from their topics, each at the position the history's order gave it.
 * Positions are recorded events, so a rebuild reproduces the same order, whatever the order in
 * which the topics are read again.
 */
export const caseHistoryProjection: Projection<AnyPayload> = {
  name: 'case-history',
  collections: [
    { name: HISTORY_ENTRIES, indexes: [['caseNumber', 'position']] },
    { name: HISTORY_ACCESS },
  ],
  async apply(event, tx) {
    if (event.payload.$case === 'historyEntriesArrived') {
      const { caseNumber, placedEventIds, firstPosition } = event.payload.value;
      for (const [index, id] of placedEventIds.entries()) {
        const known = await tx.get<HistoryDocument>(HISTORY_ENTRIES, id);
        await tx.put<HistoryDocument>(HISTORY_ENTRIES, { ...known, id, caseNumber, position: Number(firstPosition) + index });
      }
      return;
    }
    const entry = historyEntryOf(event);
    if (!entry) return;
    const known = await tx.get<HistoryDocument>(HISTORY_ENTRIES, entry.eventId);
    await tx.put<HistoryDocument>(HISTORY_ENTRIES, { ...known, id: entry.eventId, caseNumber: entry.caseNumber, entry: HistoryEntry.toJSON(entry) });
    if (event.payload.$case === 'caseSubmitted') {
      await tx.put<HistoryAccessDocument>(HISTORY_ACCESS, {
        id: entry.caseNumber,
        applicantSubject: event.payload.value.applicantSubject,
        handlingRegionCode: event.payload.value.handlingRegionCode,
        submittedRegionCode: event.payload.value.submittedRegionCode,
      });
    }
  },
};
