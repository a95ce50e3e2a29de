import type { AcceptancePayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import { directoryKey } from '../../domain/directory/directory-entry.ts';
import { directoryEntryEventTypes } from '../../domain/directory/directory-entry-decider.ts';

/** An entry's current version, as its message's proto JSON, with the fields it is found by. */
export interface DirectoryDocument extends ReadModelDocument {
  readonly regionCode: string;
  readonly hallId: string;
  readonly entry: unknown;
}

export const DIRECTORY_COLLECTIONS = {
  department: 'directory_departments',
  hall: 'directory_halls',
  window: 'directory_windows',
  staff: 'directory_staff',
} as const;

/** The directory by kind: departments and halls by region, windows by hall, staff posts by account. */
export const directoryProjection: Projection<AcceptancePayload> = {
  name: 'directory',
  eventTypes: new Set(directoryEntryEventTypes),
  collections: [
    { name: DIRECTORY_COLLECTIONS.department, indexes: [['regionCode']] },
    { name: DIRECTORY_COLLECTIONS.hall, indexes: [['regionCode']] },
    { name: DIRECTORY_COLLECTIONS.window, indexes: [['hallId']] },
    { name: DIRECTORY_COLLECTIONS.staff },
  ],
  async apply(event, tx) {
    if (event.payload.$case !== 'directoryEntryRecorded') return;
    const record = event.payload.value.entry?.entry;
    // Regions are kept by every service's directory view (contracts/directory-view.ts).
    if (!record || record.$case === 'region') return;
    const value = record.value as { regionCode?: string; hallId?: string };
    await tx.put<DirectoryDocument>(DIRECTORY_COLLECTIONS[record.$case], {
      id: directoryKey(record),
      regionCode: value.regionCode ?? '',
      hallId: value.hallId ?? '',
      entry: event.payload.value.entry,
    });
  },
};
