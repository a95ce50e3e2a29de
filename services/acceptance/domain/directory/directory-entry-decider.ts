import { DirectoryEntry } from '../../../../generated/onewindow/acceptance/v1/directory.ts';
import type { Decider } from '../../../platform/domain/decider.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { sameVersion } from '../../../platform/domain/same-version.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';
import type { DirectoryRecord } from './directory-entry.ts';
import { type DirectoryLookups, directoryViolations } from './directory-validation.ts';

export type DirectoryEntryEvent = Extract<AcceptancePayload, { $case: 'directoryEntryRecorded' }>;
export const directoryEntryEventTypes = ['directoryEntryRecorded'] as const;

/** Records an entry, or its next version; the current version again changes nothing. */
export interface RecordDirectoryEntry {
  readonly type: 'RecordDirectoryEntry';
  readonly record: DirectoryRecord;
  readonly known: DirectoryLookups;
}

export interface DirectoryEntryState {
  readonly versions: readonly DirectoryEntry[];
}

/** A department, hall, window or staff post of the directory through its versions. */
export const directoryEntryDecider: Decider<RecordDirectoryEntry, DirectoryEntryEvent, DirectoryEntryState> = {
  initialState: () => ({ versions: [] }),
  evolve: (state, event) => ({ versions: [...state.versions, event.value.entry!] }),
  decide(command, state) {
    const violations = directoryViolations(command.record, command.known);
    if (violations.length) throw new ValidationError(violations.map((v) => ({ ...v, field: `${command.record.$case}.${v.field}` })));
    if (sameEntry(command.record, state.versions.at(-1))) return [];
    return [{ $case: 'directoryEntryRecorded', value: { entry: { entry: command.record, version: state.versions.length + 1 } } }];
  },
};

/** Whether an entry says what its recorded version says (see sameVersion). */
export const sameEntry = (record: DirectoryRecord, recorded: DirectoryEntry | undefined) => sameVersion(DirectoryEntry, { entry: record }, recorded);
