import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { Rating } from '../../../generated/onewindow/supervision/v1/rating.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { maskPersonalDataInText } from '../../platform/logging/mask-personal-data.ts';
import type { Where } from '../../platform/readmodel/read-model-store.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';
import { RATINGS, type RatingDocument } from '../app/projections/supervision-views-projection.ts';
import { ratedCaseOf } from '../app/rated-case.ts';
import type { HallVisit, RatedCase, RatingCommand } from '../domain/rating/rating-commands.ts';
import { RATINGS_STREAM_TYPE, ratingsStreamId } from '../domain/rating/rating-events.ts';
import type { CaseRatings } from '../domain/rating/rating-state.ts';
import { watchStreamId } from '../domain/watch/watch-events.ts';
import type { WatchState } from '../domain/watch/watch-state.ts';
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
import { runCommand } from '../../platform/grpc/run-command.ts';
import type { SupervisionRpcDependencies } from './supervision-rpc-dependencies.ts';
import { ownDepartmentOnly, regionAsked, staffOf, waitFor } from './supervision-access.ts';

type RatingRpcs = Pick<
  ServiceImplementation<typeof SupervisionServiceService>,
  'submitRating' | 'listCaseRatings' | 'listRatings' | 'verifyBadRating' | 'reportRectification' | 'scoreResponse' | 'appealRating' | 'reviewAppeal'
>;

/**
 * A rating as the caller may see it (DOMAIN §3: staff never see who rated). The rater sees their
 * own whole. Supervisors, who contact raters, see the case but not the rater's account. The rated
 * department sees neither: it rectifies from the rating alone. Comments have personal data masked.
 */
export function presentRating(rating: Rating, context: CallContext, today: string): Rating {
  const overdue =
    (rating.followUp === 'FOLLOW_UP_STAGE_VERIFYING' && rating.contactDueOn !== '' && today > rating.contactDueOn) ||
    (rating.followUp === 'FOLLOW_UP_STAGE_RECTIFYING' && rating.rectifyDueOn !== '' && today > rating.rectifyDueOn);
  if (context.role === 'ROLE_APPLICANT') return { ...rating, overdue };
  const forStaff = { ...rating, overdue, raterSubject: '', comment: maskPersonalDataInText(rating.comment) };
  return ownDepartmentOnly(context) ? { ...forStaff, caseNumber: '' } : forStaff;
}

/** The case's latest visit to a hall on `today`, as the counter recorded it. */
function visitToday(watch: WatchState, today: string): HallVisit | undefined {
  if (watch.status === 'none') return undefined;
  const visits = [...watch.visits.values()].filter((v) => v.visitedOn === today);
  const latest = visits.at(-1);
  return latest && { visitId: latest.visitId, hallId: latest.hallId, windowId: latest.windowId, staffSubject: latest.staffSubject };
}

/** 好差评: rating, its follow-up, appeals. */
export function ratingRpcs(deps: SupervisionRpcDependencies): RatingRpcs {
  const today = () => chinaDateOf(deps.clock.now());
  const watchOf = async (caseNumber: string) => (await deps.watches.load(watchStreamId(caseNumber))).state;
  const ratedCase = (watch: WatchState, caseNumber: string): RatedCase => {
    const found = ratedCaseOf(watch);
    if (!found) throw new NotFoundError(`case ${caseNumber} is not known to supervision (not received yet?)`);
    return found;
  };

  const answer = (state: CaseRatings, ratingId: string, context: CallContext, consistencyToken: string) => {
    const rating = state.ratings.get(ratingId);
    if (!rating) throw new NotFoundError(`rating ${ratingId} does not exist`);
    return { rating: presentRating(rating, context, today()), consistencyToken };
  };

  /** A command on an existing rating; its id is opaque, the views say which case it is about. */
  const onRating = async (
    request: { requestId: string; ratingId: string },
    context: CallContext,
    command: (rated: RatedCase, today: string) => RatingCommand | Promise<RatingCommand>,
  ) => {
    // A rating given a moment ago may not be in the views yet: let them catch up with the store.
    const [head] = await deps.store.readAll((await deps.store.headPosition()) - 1, 1);
    if (head) await deps.views.waitFor({ service: 'supervision', streamId: head.streamId, version: head.version }, Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);
    const document = await deps.readModels.get<RatingDocument>(RATINGS, request.ratingId);
    if (!document) throw new NotFoundError(`rating ${request.ratingId} does not exist`);
    const rated = ratedCase(await watchOf(document.caseNumber), document.caseNumber);
    // A rating is its rater's (the case's applicant: nobody else rates), in its region and department.
    context.authorize({ owner: rated.applicantSubject, regions: [document.handlingRegionCode], department: document.handlingDepartment });
    const result = await runCommand(deps.ratings, deps.clock, {
      streamId: ratingsStreamId(rated.caseNumber), streamType: RATINGS_STREAM_TYPE, correlationId: rated.caseNumber, regionCode: rated.handlingRegionCode, request, context,
      command: (day) => command(rated, day),
    });
    return answer(result.state, request.ratingId, context, result.consistencyToken);
  };

  return {
    submitRating: {
      schema: submitRatingSchema,
      async handle(request, context) {
        const streamId = ratingsStreamId(request.caseNumber);
        const watch = await watchOf(request.caseNumber);
        const rated = ratedCase(watch, request.caseNumber);
        context.authorize({ owner: rated.applicantSubject, regions: [rated.handlingRegionCode] });
        // A retry answers with the rating it gave, rather than trying to rate again.
        const identity = requestIdentity(context, request.requestId, request);
        const earlier = await deps.ratings.replay(identity.idempotencyKey, identity.requestFingerprint);
        const firstId = earlier?.events.find((e) => e.payload.$case === 'ratingSubmitted')?.payload;
        if (earlier && firstId?.$case === 'ratingSubmitted') return answer(earlier.state, firstId.value.ratingId, context, earlier.consistencyToken);
        const ratingId = deps.ids.newId();
        const result = await runCommand(deps.ratings, deps.clock, {
          streamId, streamType: RATINGS_STREAM_TYPE, correlationId: request.caseNumber, regionCode: rated.handlingRegionCode, request, context,
          command: async (day): Promise<RatingCommand> => ({
            type: 'SubmitRating', ratingId, ratedCase: rated, rater: context.caller.subject, channel: request.channel, level: request.level,
            dimensions: request.dimensions, comment: request.comment, visit: visitToday(watch, day), policy: await deps.policyFor(rated.handlingRegionCode), today: day,
          }),
        });
        return answer(result.state, ratingId, context, result.consistencyToken);
      },
    },

    listCaseRatings: {
      schema: listCaseRatingsSchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        const rated = ratedCase(await watchOf(request.caseNumber), request.caseNumber);
        context.authorize({ owner: rated.applicantSubject, regions: [rated.handlingRegionCode] });
        const documents = await deps.readModels.find<RatingDocument>(RATINGS, { where: { caseNumber: request.caseNumber }, orderBy: [['ratedOn', 'asc']] });
        return { ratings: documents.map((d) => presentRating(Rating.fromJSON(d.rating), context, today())) };
      },
    },

    listRatings: {
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
        const documents = await deps.readModels.find<RatingDocument>(RATINGS, { where, orderBy: [['ratedOn', 'desc'], ['id', 'asc']], limit: size + 1, offset });
        return {
          ratings: documents.slice(0, size).map((d) => presentRating(Rating.fromJSON(d.rating), context, today())),
          nextPageToken: nextPageToken(offset, size, documents.length > size),
        };
      },
    },

    verifyBadRating: {
      schema: verifyBadRatingSchema,
      handle: (request, context) =>
        onRating(request, context, async (rated, day) => ({
          type: 'VerifyBadRating', ratingId: request.ratingId, substantiated: request.substantiated, note: request.note, verifier: staffOf(context),
          raterPhone: rated.applicantPhone, policy: await deps.policyFor(rated.handlingRegionCode), today: day,
        })),
    },

    reportRectification: {
      schema: reportRectificationSchema,
      handle: (request, context) =>
        onRating(request, context, (rated, day) => ({
          type: 'ReportRectification', ratingId: request.ratingId, measures: request.measures, reporter: staffOf(context), raterPhone: rated.applicantPhone, today: day,
        })),
    },

    scoreResponse: {
      schema: scoreResponseSchema,
      handle: (request, context) =>
        onRating(request, context, (_rated, day) => ({ type: 'ScoreResponse', ratingId: request.ratingId, level: request.level, rater: context.caller.subject, today: day })),
    },

    appealRating: {
      schema: appealRatingSchema,
      handle: (request, context) =>
        onRating(request, context, (_rated, day) => ({
          type: 'AppealRating', ratingId: request.ratingId, ground: request.ground, reason: request.reason, appellant: staffOf(context), today: day,
        })),
    },

    reviewAppeal: {
      schema: reviewAppealSchema,
      handle: (request, context) =>
        onRating(request, context, (_rated, day) => ({
          type: 'ReviewAppeal', ratingId: request.ratingId, upheld: request.upheld, note: request.note, reviewer: staffOf(context), today: day,
        })),
    },
  };
}
