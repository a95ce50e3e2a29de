import { HistoryEntry } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import { causingEventOfCase } from '../../../platform/app/causation.ts';
import type { AnyPayload } from '../../../contracts/topics.ts';
import { NotYetApplicable } from '../../../platform/projection/not-yet-applicable.ts';
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

/** An effect arrived before its cause (they travel on different topics): apply it a little later. */
export class CauseNotYetRecorded extends NotYetApplicable {}

/**
 * The unified case history (docs/architecture.md, "One history, every channel"): every event of all four services about a case, from their
 * topics. An entry is recorded only after the entry of the same case that caused it, so whoever
 * watches a case sees causes before effects; entries are sorted by when they happened, and
 * reactions never date an effect before its cause.
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
    const cause = causingEventOfCase(event.causationId);
    if (cause && !(await tx.get(HISTORY_ENTRIES, cause))) {
      throw new CauseNotYetRecorded(`${event.eventType} ${event.eventId} waits for its cause ${cause}`);
    }
    await tx.put<HistoryDocument>(HISTORY_ENTRIES, {
      id: entry.eventId,
      caseNumber: entry.caseNumber,
      occurredAt: event.occurredAt,
      streamId: event.streamId,
      streamVersion: event.version,
      entry: HistoryEntry.toJSON(entry),
    });
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
