import { Rating } from '../../../../generated/onewindow/supervision/v1/rating.ts';
import type { ListCaseRatingsRequest, ListCaseRatingsResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { presentRating } from '../present-rating.ts';
import { RATINGS, type RatingDocument } from '../projections/supervision-documents.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { watchedCase } from '../watched-case.ts';

/** A case's ratings, oldest first, as the caller may see them: for its applicant and the staff of its region. */
export async function listCaseRatings(app: SupervisionApp, request: ListCaseRatingsRequest, caller: CallContext): Promise<ListCaseRatingsResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const { rated } = await watchedCase(app, request.caseNumber);
  caller.authorize({ owner: rated.applicantSubject, regions: [rated.handlingRegionCode] });
  const documents = await app.readModels.find<RatingDocument>(RATINGS, { where: { caseNumber: request.caseNumber }, orderBy: [['ratedOn', 'asc']] });
  const now = app.clock.now();
  return { ratings: documents.map((d) => presentRating(Rating.fromJSON(d.rating), caller, now)) };
}
