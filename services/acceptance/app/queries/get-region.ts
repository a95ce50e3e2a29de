import type { GetRegionRequest, GetRegionResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { Region } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';

/** A region by code, in force or abolished, with its versions: what an old case's region was and became. */
export async function getRegion(app: AcceptanceApp, request: GetRegionRequest): Promise<GetRegionResponse> {
  const versions = app.regions.versions(request.code) as Region[];
  if (versions.length === 0) throw new NotFoundError('the region is not one this installation knows');
  return { region: versions.at(-1), versions };
}
