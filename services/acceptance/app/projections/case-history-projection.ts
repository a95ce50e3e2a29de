import { HistoryEntry } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { AnyPayload } from '../../../platform/messaging/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import { historyEntryOf } from '../history-entry.ts';

/** One entry of a case's unified history, with the fields it is sorted by. */
export interface HistoryDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly occurredAt: string;
  readonly streamId: string;
  readonly streamVersion: number;
  /** The entry as proto3 JSON. */
  readonly entry: unknown;
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
 * The unified case history (BRIEF §5): every event of all four services about a case, from their
 * topics. Sorted by the time it happened; reactions never date an effect before its cause.
 */
export const caseHistoryProjection: Projection<AnyPayload> = {
  name: 'case-history',
  collections: [
    { name: HISTORY_ENTRIES, indexes: [['caseNumber', 'occurredAt']] },
    { name: HISTORY_ACCESS },
  ],
  async apply(event, tx) {
    const entry = historyEntryOf(event);
    if (!entry) return;
    const document: HistoryDocument = {
      id: entry.eventId,
      caseNumber: entry.caseNumber,
      occurredAt: event.occurredAt,
      streamId: event.streamId,
      streamVersion: event.version,
      entry: HistoryEntry.toJSON(entry),
    };
    await tx.put(HISTORY_ENTRIES, document);
    if (event.payload.$case === 'caseSubmitted') {
      const access: HistoryAccessDocument = {
        id: entry.caseNumber,
        applicantSubject: event.payload.value.applicantSubject,
        handlingRegionCode: event.payload.value.handlingRegionCode,
        submittedRegionCode: event.payload.value.submittedRegionCode,
      };
      await tx.put(HISTORY_ACCESS, access);
    }
  },
};
