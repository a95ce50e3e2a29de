import type { ListRegionsRequest, ListRegionsResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertKnownRegion } from './known-region.ts';

/** Every channel lists the regions this installation serves under a parent (the top level under ""). */
export async function listRegions(app: AcceptanceApp, request: ListRegionsRequest): Promise<ListRegionsResponse> {
  assertKnownRegion(app, 'parent_code', request.parentCode);
  return { regions: app.regions.children(request.parentCode) };
}
