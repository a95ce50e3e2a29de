import type { AcceptancePayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';

/** A department's or hall's name from acceptance's directory: what statistics rows show instead of codes. */
export interface DirectoryNameDocument extends ReadModelDocument {
  readonly kind: 'department' | 'hall';
  readonly code: string;
  readonly regionCode: string;
  readonly name: string;
}

export const DIRECTORY_NAMES = 'directory_names';
export const departmentNameId = (regionCode: string, code: string) => `department:${regionCode}:${code}`;
export const hallNameId = (hallId: string) => `hall:${hallId}`;

/** The names of the directory's departments (by region and code) and halls, as acceptance records them. */
export const directoryNamesProjection: Projection<AcceptancePayload> = {
  name: 'directory-names',
  eventTypes: new Set(['directoryEntryRecorded']),
  collections: [{ name: DIRECTORY_NAMES, indexes: [['kind', 'code']] }],
  async apply(event, tx) {
    const record = event.payload.$case === 'directoryEntryRecorded' ? event.payload.value.entry?.entry : undefined;
    if (record?.$case === 'department') {
      const { regionCode, code, name } = record.value;
      await tx.put<DirectoryNameDocument>(DIRECTORY_NAMES, { id: departmentNameId(regionCode, code), kind: 'department', code, regionCode, name });
    } else if (record?.$case === 'hall') {
      const { hallId, regionCode, name } = record.value;
      await tx.put<DirectoryNameDocument>(DIRECTORY_NAMES, { id: hallNameId(hallId), kind: 'hall', code: hallId, regionCode, name });
    }
  },
};
