import type { Region } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { Region as KernelRegion } from '../../../platform/regions/region.ts';
import { DIRECTORY_STREAM_TYPE, regionStreamId } from '../../domain/directory/directory-entry.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from '../commands/record.ts';
import { directoryLookups } from '../directory/directory-lookup.ts';

/**
 * An operator records a version of a region (through LoadRegionEdition), or nothing when it says
 * what the current one says. Acceptance routes by it at once; the other services, and acceptance's
 * other replicas, once their directory view has the event (contracts/directory-view.ts).
 */
export async function recordRegion(app: AcceptanceApp, region: Region, requestId: string, caller: CallContext): Promise<string> {
  const entry = { $case: 'region', value: region } as const;
  const request: { readonly requestId: string; readonly entry: typeof entry } = { requestId, entry };
  const result = await record(app, app.directory, request, caller, async () => ({
    streamId: regionStreamId(region.code),
    streamType: DIRECTORY_STREAM_TYPE,
    regionCode: region.code,
    command: { type: 'RecordDirectoryEntry', record: entry, known: await directoryLookups(app.directory, app.regions, entry) },
  }));
  const recorded = result.state.versions.at(-1);
  if (recorded?.entry?.$case === 'region') app.regions.record(recorded.entry.value as KernelRegion, recorded.version);
  return result.consistencyToken;
}
