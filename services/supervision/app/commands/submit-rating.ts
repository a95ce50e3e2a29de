import type { SubmitRatingRequest, SubmitRatingResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { HallVisit, SubmitRating } from '../../domain/rating/rating-commands.ts';
import { RATINGS_STREAM_TYPE, type RatingEvent, ratingsStreamId } from '../../domain/rating/rating-events.ts';
import type { WatchState } from '../../domain/watch/watch-state.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { watchedCase } from '../watched-case.ts';
import { ratingAnswer } from './on-rating.ts';

/** The case's latest visit to a hall on `day`, as the counter recorded it. */
function visitOn(watch: WatchState, day: string): HallVisit | undefined {
  if (watch.status === 'none') return undefined;
  const latest = [...watch.visits.values()].filter((v) => v.visitedOn === day).at(-1);
  return latest && { visitId: latest.visitId, hallId: latest.hallId, windowId: latest.windowId, staffSubject: latest.staffSubject };
}

/** The id of the rating a submission gave ("" if it gave none). */
const ratingIdOf = (events: readonly EventEnvelope<RatingEvent>[]): string =>
  events.flatMap((e) => (e.payload.$case === 'ratingSubmitted' ? [e.payload.value.ratingId] : []))[0] ?? '';

/** 好差评: the applicant rates their case online once it ended (一事一评), or today's visit to a hall (一次一评). */
export async function submitRating(app: SupervisionApp, request: SubmitRatingRequest, caller: CallContext): Promise<SubmitRatingResponse> {
  const now = app.clock.now();
  const result = await runCommand(app.ratings, { caller, request, now }, {
    async authorize() {
      const watched = await watchedCase(app, request.caseNumber);
      caller.authorize({ owner: watched.rated.applicantSubject, regions: [watched.rated.handlingRegionCode] });
      return watched;
    },
    // Not for a retry: it answers with the rating it gave, rather than trying to rate again.
    async prepare({ watch, rated }) {
      const command: SubmitRating = {
        type: 'SubmitRating',
        ratingId: app.ids.newId(),
        ratedCase: rated,
        rater: caller.caller.subject,
        channel: request.channel,
        level: request.level,
        dimensions: request.dimensions,
        comment: request.comment,
        visit: visitOn(watch, chinaDateOf(now)),
        policy: await app.policyFor(rated.handlingRegionCode),
        now,
      };
      return { streamId: ratingsStreamId(request.caseNumber), streamType: RATINGS_STREAM_TYPE, command, correlationId: request.caseNumber, regionCode: rated.handlingRegionCode };
    },
  });
  return ratingAnswer(app, result.state, ratingIdOf(result.events), caller, result.consistencyToken);
}
