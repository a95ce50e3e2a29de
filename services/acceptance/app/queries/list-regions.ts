import type { ListRegionsRequest, ListRegionsResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { readPage } from '../../../platform/app/paging.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertKnownRegion } from './known-region.ts';

/** Every channel lists the regions this installation serves under a parent (the top level under ""), a page at a time; those abolished when asked. */
export async function listRegions(app: AcceptanceApp, request: ListRegionsRequest): Promise<ListRegionsResponse> {
  assertKnownRegion(app, 'parent_code', request.parentCode);
  const children = app.regions.children(request.parentCode, { ended: request.includeEnded });
  const page = await readPage(request, async ({ offset, limit }) => children.slice(offset, offset + limit));
  return { regions: page.items, nextPageToken: page.nextPageToken };
}
