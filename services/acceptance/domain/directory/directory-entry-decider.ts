import { DirectoryEntry } from '../../../../generated/onewindow/acceptance/v1/directory.ts';
import type { Decider } from '../../../platform/domain/decider.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { sameVersion } from '../../../platform/domain/same-version.ts';
import { sameRegion } from './region-version.ts';
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

/** A department, hall, window, staff post or region of the directory through its versions. */
export const directoryEntryDecider: Decider<RecordDirectoryEntry, DirectoryEntryEvent, DirectoryEntryState> = {
  initialState: () => ({ versions: [] }),
  evolve: (state, event) => ({ versions: [...state.versions, event.value.entry!] }),
  decide(command, state) {
    const violations = directoryViolations(command.record, command.known);
    if (violations.length) throw new ValidationError(violations.map((v) => ({ ...v, field: `${command.record.$case}.${v.field}` })));
    if (sameEntry(command.record, state.versions.at(-1)?.entry ?? shippedRegion(command))) return [];
    return [{ $case: 'directoryEntryRecorded', value: { entry: { entry: command.record, version: state.versions.length + 1 } } }];
  },
};

/**
 * Whether an entry says what its recorded version says (see sameVersion); a region, what its
 * version before says (the shipped edition's, before any is recorded: see sameRegion).
 */
export function sameEntry(record: DirectoryRecord, recorded: DirectoryRecord | undefined): boolean {
  if (record.$case === 'region') return recorded?.$case === 'region' && sameRegion(record.value, recorded.value);
  return sameVersion(DirectoryEntry, { entry: record }, recorded && { entry: recorded, version: 0 });
}

/** The version of a region the platform ships, which the region's stream starts from. */
function shippedRegion(command: RecordDirectoryEntry): DirectoryRecord | undefined {
  const shipped = command.record.$case === 'region' ? command.known.region(command.record.value.code) : undefined;
  return shipped && { $case: 'region', value: shipped };
}
