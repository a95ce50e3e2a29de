import type { ImportOptions, ImportProgress, ImportReport } from '../../../../generated/onewindow/common/v1/import.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { type FileRow, type ImportRules, importRows } from '../../../platform/app/file-import.ts';
import { type DirectoryRecord, directoryKey, directoryStreamId } from '../../domain/directory/directory-entry.ts';
import { sameEntry } from '../../domain/directory/directory-entry-decider.ts';
import { directoryViolations } from '../../domain/directory/directory-validation.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { DirectoryRowIndex, directoryLookups } from './directory-lookup.ts';
import { recordDirectoryEntry } from './record-directory-entry.ts';

/** Departments before the halls and windows that name them, and staff posts last (regions come by LoadRegionEdition, not in a directory file). */
const ORDER: Readonly<Record<DirectoryRecord['$case'], number>> = { region: -1, department: 0, hall: 1, window: 2, staff: 3 };
const KEY_FIELD: Readonly<Record<DirectoryRecord['$case'], string>> = { region: 'code', department: 'code', hall: 'hall_id', window: 'window_id', staff: 'account' };

/**
 * An operator imports a directory file (read by grpc/import-file/), as platform/app/file-import.ts
 * imports any file: each row checked by the directory's rules against what is recorded and the
 * good rows before it (a staff post may name a department of the same file), compared with its
 * stream, and recorded.
 */
export function importDirectory(
  app: AcceptanceApp,
  options: ImportOptions,
  rows: readonly FileRow<DirectoryRecord>[],
  caller: CallContext,
  progress: (update: ImportProgress) => void,
): Promise<ImportReport> {
  const inFile = new DirectoryRowIndex();
  const rules: ImportRules<DirectoryRecord> = {
    order: (record) => ORDER[record.$case],
    code: (record) => ({ code: directoryKey(record), field: KEY_FIELD[record.$case] }),
    violations: async (record) => directoryViolations(record, await directoryLookups(app.directory, app.regions, record, inFile)),
    accepted: (record) => inFile.add(record),
    async current(record) {
      const { state } = await app.directory.load(directoryStreamId(record));
      return { versions: state.versions.length, unchanged: sameEntry(record, state.versions.at(-1)?.entry) };
    },
    record: async (record, requestId) => (await recordDirectoryEntry(app, record, requestId, caller)).consistencyToken,
  };
  return importRows(options, rows, rules, caller.signal, progress);
}
