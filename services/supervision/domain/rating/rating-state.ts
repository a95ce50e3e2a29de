import type { Rating } from '../../../../generated/onewindow/supervision/v1/rating.ts';
import { assertNever } from '../../../platform/domain/decider.ts';
import type { RatingEvent } from './rating-events.ts';

/** A case's ratings (one online, one per visit) and whether its applicant was invited to rate. */
export interface CaseRatings {
  readonly ratings: ReadonlyMap<string, Rating>;
  readonly invited: boolean;
}

export const noRatings = (): CaseRatings => ({ ratings: new Map(), invited: false });

/** A rating as it now stands, every step of its follow-up applied: the state and the view alike. */
export function evolveRatings(state: CaseRatings, event: RatingEvent): CaseRatings {
  const change = (ratingId: string, update: (rating: Rating) => Partial<Rating>): CaseRatings => {
    const rating = state.ratings.get(ratingId);
    return rating ? { ...state, ratings: new Map(state.ratings).set(ratingId, { ...rating, ...update(rating) }) } : state;
  };
  switch (event.$case) {
    case 'ratingSubmitted': {
      const s = event.value;
      const rating: Rating = {
        ratingId: s.ratingId,
        caseNumber: s.caseNumber,
        channel: s.channel,
        level: s.level,
        dimensions: s.dimensions,
        comment: s.comment,
        visitId: s.visitId,
        ratedOn: s.ratedOn,
        itemCode: s.itemCode,
        handlingDepartment: s.handlingDepartment,
        handlingRegionCode: s.handlingRegionCode,
        hallId: s.hallId,
        windowId: s.windowId,
        staffSubject: s.staffSubject,
        caseChannel: s.caseChannel,
        raterSubject: s.raterSubject,
        bad: s.bad,
        followUp: s.bad ? 'FOLLOW_UP_STAGE_VERIFYING' : 'FOLLOW_UP_STAGE_NONE',
        contactDueOn: s.contactDueOn,
        rectifyDueOn: '',
        substantiated: false,
        verificationNote: '',
        verifiedOn: '',
        measures: '',
        reportedOn: '',
        responseLevel: 0,
        appeal: undefined,
        excluded: false,
        overdue: false,
      };
      return { ...state, ratings: new Map(state.ratings).set(rating.ratingId, rating) };
    }
    case 'ratingInvited':
      return { ...state, invited: true };
    case 'badRatingVerified': {
      const v = event.value;
      return change(v.ratingId, () => ({
        substantiated: v.substantiated,
        verificationNote: v.note,
        verifiedOn: v.verifiedOn,
        rectifyDueOn: v.rectifyDueOn,
        // Not substantiated: the explanation is the report back to the rater.
        followUp: v.substantiated ? 'FOLLOW_UP_STAGE_RECTIFYING' : 'FOLLOW_UP_STAGE_REPORTED',
      }));
    }
    case 'rectificationReported':
      return change(event.value.ratingId, () => ({ measures: event.value.measures, reportedOn: event.value.reportedOn, followUp: 'FOLLOW_UP_STAGE_REPORTED' }));
    case 'responseScored':
      return change(event.value.ratingId, () => ({ responseLevel: event.value.level, followUp: 'FOLLOW_UP_STAGE_SCORED' }));
    case 'ratingAppealed': {
      const a = event.value;
      return change(a.ratingId, () => ({
        appeal: { ground: a.ground, reason: a.reason, appellant: a.appellant, appealedOn: a.appealedOn, reviewed: false, upheld: false, reviewNote: '', reviewer: '', reviewedOn: '' },
      }));
    }
    case 'appealReviewed': {
      const r = event.value;
      return change(r.ratingId, (rating) => ({
        appeal: rating.appeal && { ...rating.appeal, reviewed: true, upheld: r.upheld, reviewNote: r.note, reviewer: r.reviewer, reviewedOn: r.reviewedOn },
        excluded: r.upheld,
        // An upheld appeal ends a follow-up still owed; one already reported back stays as it is.
        followUp: r.upheld && (rating.followUp === 'FOLLOW_UP_STAGE_VERIFYING' || rating.followUp === 'FOLLOW_UP_STAGE_RECTIFYING') ? 'FOLLOW_UP_STAGE_EXCLUDED' : rating.followUp,
      }));
    }
    default:
      return assertNever(event);
  }
}
