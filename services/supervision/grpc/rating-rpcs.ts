import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { Rating } from '../../../generated/onewindow/supervision/v1/rating.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError } from '../../platform/domain/errors.ts';
import type { CallContext } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { maskPersonalDataInText } from '../../platform/logging/mask-personal-data.ts';
import type { Where } from '../../platform/readmodel/read-model-store.ts';
import { RATINGS, type RatingDocument } from '../app/projections/supervision-views-projection.ts';
import { ratedCaseOf } from '../app/rated-case.ts';
import type { RatedCase, RatingCommand } from '../domain/rating/rating-commands.ts';
import { RATINGS_STREAM_TYPE, caseNumberOfRating, ratingIdOf, ratingsStreamId } from '../domain/rating/rating-events.ts';
import type { CaseRatings } from '../domain/rating/rating-state.ts';
import { watchStreamId } from '../domain/watch/watch-events.ts';
import {
  appealRatingSchema,
  listCaseRatingsSchema,
  listRatingsSchema,
  reportRectificationSchema,
  reviewAppealSchema,
  scoreResponseSchema,
  submitRatingSchema,
  verifyBadRatingSchema,
} from './request-schemas.ts';
import { runCommand } from './run-command.ts';
import type { SupervisionRpcDependencies } from './supervision-rpc-dependencies.ts';
import { assertCovers, ownDepartmentOnly, regionAsked, staffOf, waitFor } from './supervision-access.ts';

type RatingRpcs = Pick<
  ServiceImplementation<typeof SupervisionServiceService>,
  'submitRating' | 'listCaseRatings' | 'listRatings' | 'verifyBadRating' | 'reportRectification' | 'scoreResponse' | 'appealRating' | 'reviewAppeal'
>;

/**
 * A rating as the caller may see it: the rater sees their own whole; staff never see who rated
 * (DOMAIN §3), and personal data in the comment is masked.
 */
export function presentRating(rating: Rating, context: CallContext): Rating {
  return context.role === 'ROLE_APPLICANT' ? rating : { ...rating, raterSubject: '', comment: maskPersonalDataInText(rating.comment) };
}

/** 好差评: rating, its follow-up, appeals. */
export function ratingRpcs(deps: SupervisionRpcDependencies): RatingRpcs {
  const ratedCase = async (caseNumber: string): Promise<RatedCase> => {
    const found = ratedCaseOf((await deps.watches.load(watchStreamId(caseNumber))).state);
    if (!found) throw new NotFoundError(`case ${caseNumber} is not known to supervision (not received yet?)`);
    return found;
  };

  const answer = (state: CaseRatings, ratingId: string, context: CallContext, consistencyToken: string) => {
    const rating = state.ratings.get(ratingId);
    if (!rating) throw new NotFoundError(`rating ${ratingId} does not exist`);
    return { rating: presentRating(rating, context), consistencyToken };
  };

  /** A command on an existing rating, with the case it is about. */
  const onRating = async (
    request: { requestId: string; ratingId: string },
    context: CallContext,
    command: (rated: RatedCase, today: string) => RatingCommand | Promise<RatingCommand>,
  ) => {
    const caseNumber = caseNumberOfRating(request.ratingId);
    if (!caseNumber) throw new NotFoundError(`rating ${request.ratingId} does not exist`);
    const rated = await ratedCase(caseNumber);
    const result = await runCommand(deps.ratings, deps.clock, {
      streamId: ratingsStreamId(caseNumber), streamType: RATINGS_STREAM_TYPE, correlationId: caseNumber, regionCode: rated.handlingRegionCode, request, context,
      command: (today) => command(rated, today),
    });
    return answer(result.state, request.ratingId, context, result.consistencyToken);
  };

  return {
    submitRating: {
      access: ['ROLE_APPLICANT'],
      schema: submitRatingSchema,
      async handle(request, context) {
        const rated = await ratedCase(request.caseNumber);
        const result = await runCommand(deps.ratings, deps.clock, {
          streamId: ratingsStreamId(request.caseNumber), streamType: RATINGS_STREAM_TYPE, correlationId: request.caseNumber, regionCode: rated.handlingRegionCode, request, context,
          command: async (today): Promise<RatingCommand> => ({
            type: 'SubmitRating', ratedCase: rated, rater: context.caller.subject, channel: request.channel, level: request.level, dimensions: request.dimensions,
            comment: request.comment, visitId: request.visitId, windowId: request.windowId, staffSubject: request.staffSubject,
            policy: await deps.policyFor(rated.handlingRegionCode), today,
          }),
        });
        return answer(result.state, ratingIdOf(request.caseNumber, request.visitId), context, result.consistencyToken);
      },
    },

    listCaseRatings: {
      access: ['ROLE_APPLICANT', 'ROLE_SUPERVISOR', 'ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_OPERATOR'],
      schema: listCaseRatingsSchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        const rated = await ratedCase(request.caseNumber);
        if (context.role === 'ROLE_APPLICANT') {
          if (rated.applicantSubject !== context.caller.subject) throw new PermissionDeniedError('applicants see the ratings of their own cases only');
        } else {
          assertCovers(context, rated.handlingRegionCode);
        }
        const documents = await deps.readModels.find<RatingDocument>(RATINGS, { where: { caseNumber: request.caseNumber }, orderBy: [['ratedOn', 'asc']] });
        return { ratings: documents.map((d) => presentRating(Rating.fromJSON(d.rating), context)) };
      },
    },

    listRatings: {
      access: ['ROLE_SUPERVISOR', 'ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_OPERATOR'],
      schema: listRatingsSchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        const region = regionAsked(context, request.regionCode);
        const where: Record<string, Where[string]> = { handlingRegionCode: { prefix: subtreePrefix(region) } };
        if (request.badOnly) where.bad = true;
        if (request.stages.length) where.followUp = { in: request.stages };
        if (ownDepartmentOnly(context)) where.handlingDepartment = context.caller.department;
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<RatingDocument>(RATINGS, { where, orderBy: [['ratedOn', 'desc']], limit: size + 1, offset });
        return {
          ratings: documents.slice(0, size).map((d) => presentRating(Rating.fromJSON(d.rating), context)),
          nextPageToken: nextPageToken(offset, size, documents.length > size),
        };
      },
    },

    verifyBadRating: {
      access: ['ROLE_SUPERVISOR'],
      schema: verifyBadRatingSchema,
      handle: (request, context) =>
        onRating(request, context, async (rated, today) => ({
          type: 'VerifyBadRating', ratingId: request.ratingId, substantiated: request.substantiated, note: request.note, verifier: staffOf(context),
          raterPhone: rated.applicantPhone, policy: await deps.policyFor(rated.handlingRegionCode), today,
        })),
    },

    reportRectification: {
      access: ['ROLE_APPROVER', 'ROLE_CLERK'],
      schema: reportRectificationSchema,
      handle: (request, context) =>
        onRating(request, context, (rated, today) => ({
          type: 'ReportRectification', ratingId: request.ratingId, measures: request.measures, reporter: staffOf(context), raterPhone: rated.applicantPhone, today,
        })),
    },

    scoreResponse: {
      access: ['ROLE_APPLICANT'],
      schema: scoreResponseSchema,
      handle: (request, context) =>
        onRating(request, context, (_rated, today) => ({ type: 'ScoreResponse', ratingId: request.ratingId, level: request.level, rater: context.caller.subject, today })),
    },

    appealRating: {
      access: ['ROLE_APPROVER', 'ROLE_CLERK'],
      schema: appealRatingSchema,
      handle: (request, context) =>
        onRating(request, context, (_rated, today) => ({
          type: 'AppealRating', ratingId: request.ratingId, ground: request.ground, reason: request.reason, appellant: staffOf(context), today,
        })),
    },

    reviewAppeal: {
      access: ['ROLE_SUPERVISOR'],
      schema: reviewAppealSchema,
      handle: (request, context) =>
        onRating(request, context, (_rated, today) => ({
          type: 'ReviewAppeal', ratingId: request.ratingId, upheld: request.upheld, note: request.note, reviewer: staffOf(context), today,
        })),
    },
  };
}
