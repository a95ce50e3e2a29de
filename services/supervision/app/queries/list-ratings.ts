import { Rating } from '../../../../generated/onewindow/supervision/v1/rating.ts';
import type { ListRatingsRequest, ListRatingsResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readPage } from '../../../platform/app/paging.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { Where } from '../../../platform/readmodel/read-model-store.ts';
import { presentRating } from '../present-rating.ts';
import { RATINGS, type RatingDocument } from '../projections/supervision-documents.ts';
import { ownDepartmentOnly, regionAsked } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** The ratings of a region's subtree, latest first, by follow-up stage or bad only: a department sees its own. */
export async function listRatings(app: SupervisionApp, request: ListRatingsRequest, caller: CallContext): Promise<ListRatingsResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const region = regionAsked(caller, request.regionCode);
  const where: Record<string, Where[string]> = { handlingRegionCode: { prefix: subtreePrefix(region) } };
  if (request.badOnly) where.bad = true;
  if (request.stages.length) where.followUp = { in: request.stages };
  if (ownDepartmentOnly(caller)) where.handlingDepartment = caller.caller.department;
  const page = await readPage(request, (window) =>
    app.readModels.find<RatingDocument>(RATINGS, { where, orderBy: [['ratedOn', 'desc'], ['id', 'asc']], ...window }),
  );
  const now = app.clock.now();
  return { ratings: page.items.map((d) => presentRating(Rating.fromJSON(d.rating), caller, now)), nextPageToken: page.nextPageToken };
}
