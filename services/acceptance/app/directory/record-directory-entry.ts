import type { CallContext } from '../../../platform/app/call-context.ts';
import type { CommandResult } from '../../../platform/app/command-handler.ts';
import { DIRECTORY_STREAM_TYPE, type DirectoryRecord, directoryStreamId } from '../../domain/directory/directory-entry.ts';
import type { DirectoryEntryEvent, DirectoryEntryState } from '../../domain/directory/directory-entry-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from '../commands/record.ts';
import { directoryLookups } from './directory-lookup.ts';

/** An operator records a directory entry (through ImportDirectory): its next version, or nothing when it is unchanged. */
export function recordDirectoryEntry(app: AcceptanceApp, entry: DirectoryRecord, requestId: string, caller: CallContext): Promise<CommandResult<DirectoryEntryEvent, DirectoryEntryState>> {
  // The whole request is fingerprinted: the same request id with another entry is refused.
  const request: { readonly requestId: string; readonly entry: DirectoryRecord } = { requestId, entry };
  return record(app, app.directory, request, caller, async () => {
    const known = await directoryLookups(app.directory, app.regions, entry);
    // A window is of its hall's region; the hall is in the directory once the window may be recorded.
    const regionCode = entry.$case === 'window' ? (known.hall(entry.value.hallId)?.regionCode ?? '') : entry.$case === 'region' ? entry.value.code : entry.value.regionCode;
    return { streamId: directoryStreamId(entry), streamType: DIRECTORY_STREAM_TYPE, regionCode, command: { type: 'RecordDirectoryEntry', record: entry, known } };
  });
}
