import type { Rating } from '../../../../generated/onewindow/supervision/v1/rating.ts';
import { type CallContext, remainingMs } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import { caughtUpWithStore } from '../../../platform/projection/caught-up.ts';
import type { RatedCase, RatingCommand } from '../../domain/rating/rating-commands.ts';
import { RATINGS_STREAM_TYPE, ratingsStreamId } from '../../domain/rating/rating-events.ts';
import type { CaseRatings } from '../../domain/rating/rating-state.ts';
import { presentRating } from '../present-rating.ts';
import { RATINGS, type RatingDocument } from '../projections/supervision-documents.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { watchedCase } from '../watched-case.ts';

/** A command on a rating, as the caller's request names it. */
export interface RatingRequest {
  readonly requestId: string;
  readonly ratingId: string;
}

/** The answer to a command on a rating: the rating as it now stands, as the caller may see it. */
export function ratingAnswer(
  app: SupervisionApp,
  state: CaseRatings,
  ratingId: string,
  caller: CallContext,
  consistencyToken: string,
): { rating: Rating; consistencyToken: string } {
  const rating = state.ratings.get(ratingId);
  if (!rating) throw new NotFoundError(`rating ${ratingId} does not exist`);
  return { rating: presentRating(rating, caller, app.clock.now()), consistencyToken };
}

/**
 * Runs a caller's command on an existing rating. Its id is opaque: the views say which case it is
 * about. A rating is its rater's (the case's applicant: nobody else rates), in its region and
 * department (the access policy's scope).
 */
export async function ratingAfter(
  app: SupervisionApp,
  request: RatingRequest,
  caller: CallContext,
  command: (rated: RatedCase, now: Date) => RatingCommand | Promise<RatingCommand>,
): Promise<{ rating: Rating; consistencyToken: string }> {
  const now = app.clock.now();
  const result = await runCommand(app.ratings, { caller, request, now }, {
    async authorize() {
      // A rating given a moment ago may not be in the views yet: let them catch up with the store.
      await caughtUpWithStore(app.views, app.store, Math.min(app.consistencyWaitMs, remainingMs(caller)), caller.signal);
      const document = await app.readModels.get<RatingDocument>(RATINGS, request.ratingId);
      if (!document) throw new NotFoundError(`rating ${request.ratingId} does not exist`);
      const { rated } = await watchedCase(app, document.caseNumber);
      caller.authorize({ owner: rated.applicantSubject, regions: [document.handlingRegionCode], department: document.handlingDepartment });
      return rated;
    },
    prepare: async (rated) => ({
      streamId: ratingsStreamId(rated.caseNumber),
      streamType: RATINGS_STREAM_TYPE,
      command: await command(rated, now),
      correlationId: rated.caseNumber,
      regionCode: rated.handlingRegionCode,
    }),
  });
  return ratingAnswer(app, result.state, request.ratingId, caller, result.consistencyToken);
}
