import type { ListDirectoryRequest, ListDirectoryResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { DirectoryEntry, type Department, type Hall, type Window } from '../../../../generated/onewindow/acceptance/v1/directory.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { DIRECTORY_COLLECTIONS, type DirectoryDocument } from '../projections/directory-projection.ts';
import { assertKnownRegion } from './known-region.ts';

/** Every caller reads the directory of a region: the names behind the codes of its items, tasks and statistics. */
export async function listDirectory(app: AcceptanceApp, request: ListDirectoryRequest, caller: CallContext): Promise<ListDirectoryResponse> {
  assertKnownRegion(app, 'region_code', request.regionCode);
  await awaitConsistency(app.views.directory, request.consistencyToken, caller, app.consistencyWaitMs);
  const read = async (collection: string, where: Record<string, string>) =>
    (await app.readModels.find<DirectoryDocument>(collection, { where, orderBy: [['id', 'asc']] })).map((d) => DirectoryEntry.fromPartial(d.entry as DirectoryEntry).entry!.value);
  const departments: Department[] = [];
  for (const region of app.regions.lineage(request.regionCode).reverse()) departments.push(...((await read(DIRECTORY_COLLECTIONS.department, { regionCode: region.code })) as Department[]));
  const halls = (await read(DIRECTORY_COLLECTIONS.hall, { regionCode: request.regionCode })) as Hall[];
  const windows: Window[] = [];
  for (const hall of halls) windows.push(...((await read(DIRECTORY_COLLECTIONS.window, { hallId: hall.hallId })) as Window[]));
  return { departments, halls, windows };
}
