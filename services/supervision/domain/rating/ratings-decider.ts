import type { Rating } from '../../../../generated/onewindow/supervision/v1/rating.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { isWithin } from '../../../platform/codes/region-code.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError, type FieldViolation, NotFoundError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type {
  AppealRating,
  InviteRating,
  RatingCommand,
  ReportRectification,
  ReviewAppeal,
  ScoreResponse,
  Staff,
  SubmitRating,
  VerifyBadRating,
} from './rating-commands.ts';
import { HALL_CHANNELS, type RatingEvent, isBad } from './rating-events.ts';
import { type CaseRatings, evolveRatings, noRatings } from './rating-state.ts';

const levelViolations = (field: string, level: number): FieldViolation[] =>
  Number.isInteger(level) && level >= 1 && level <= 5 ? [] : [{ field, description: 'must be 1 (非常满意) to 5 (非常不满意)' }];

const required = (field: string, text: string, why: string): FieldViolation[] => (text.trim() ? [] : [{ field, description: `is required: ${why}` }]);

function throwIfAny(violations: readonly FieldViolation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

/**
 * 好差评 (国办发〔2019〕51号): a case's ratings, each immutable once given; never one by default. A bad
 * rating runs verify (回访核实) → rectify (整改) → report back → the rater scores the response; staff
 * may appeal (申诉), a supervisor reviews (复核), and an upheld appeal only excludes the rating from
 * statistics.
 */
export function ratingsDecider(calendars: CalendarRegistry): Decider<RatingCommand, RatingEvent, CaseRatings> {
  const workingDaysAfter = (regionCode: string, day: string, days: number) => calendars.calendarFor(regionCode).addWorkingDays(day, days).date;

  const ratingOf = (state: CaseRatings, ratingId: string): Rating => {
    const rating = state.ratings.get(ratingId);
    if (!rating) throw new NotFoundError(`rating ${ratingId} does not exist`);
    return rating;
  };

  /** Staff of the rated department, in a jurisdiction covering it. */
  const assertOfDepartment = (staff: Staff, rating: Rating, what: string) => {
    if (staff.department !== rating.handlingDepartment || !staff.jurisdiction || !isWithin(rating.handlingRegionCode, staff.jurisdiction)) {
      throw new PermissionDeniedError(`only staff of the rated department and jurisdiction ${what}`);
    }
  };
  const assertCovers = (staff: Staff, rating: Rating) => {
    if (!staff.jurisdiction || !isWithin(rating.handlingRegionCode, staff.jurisdiction)) {
      throw new PermissionDeniedError('the rating lies outside the supervisor\'s jurisdiction');
    }
  };

  const submitRating = (command: SubmitRating, state: CaseRatings): RatingEvent[] => {
    const { ratedCase, visit } = command;
    if (command.rater !== ratedCase.applicantSubject) throw new PermissionDeniedError('only the case\'s applicant may rate it');
    const codes = command.dimensions.map((d) => d.dimension);
    throwIfAny([
      ...levelViolations('level', command.level),
      ...command.dimensions.flatMap((d, i) => levelViolations(`dimensions[${i}].level`, d.level)),
      ...codes.flatMap((code, i) => (codes.indexOf(code) === i ? [] : [{ field: `dimensions[${i}].dimension`, description: 'must be rated once' }])),
    ]);
    const rated = [...state.ratings.values()];
    if (HALL_CHANNELS.has(command.channel)) {
      if (!visit) throw new FailedPreconditionError('the case had no visit to a hall today: a rating in the hall rates a visit (一次一评)');
      if (rated.some((r) => r.visitId === visit.visitId)) throw new FailedPreconditionError('this visit was rated already (一次一评)');
    } else {
      if (!ratedCase.ended) throw new FailedPreconditionError('a case is rated online once it has ended (一事一评); in the hall, rate the visit');
      if (rated.some((r) => r.visitId === '')) throw new FailedPreconditionError('this case was rated online already (一事一评); a rating is never changed');
    }
    const onSite = HALL_CHANNELS.has(command.channel) ? visit : undefined;
    const bad = isBad(command.level);
    const today = chinaDateOf(command.now);
    return [
      {
        $case: 'ratingSubmitted',
        value: {
          ratingId: command.ratingId,
          caseNumber: ratedCase.caseNumber,
          channel: command.channel,
          level: command.level,
          dimensions: [...command.dimensions],
          comment: command.comment,
          visitId: onSite?.visitId ?? '',
          ratedOn: today,
          raterSubject: command.rater,
          bad,
          itemCode: ratedCase.itemCode,
          handlingDepartment: ratedCase.handlingDepartment,
          handlingRegionCode: ratedCase.handlingRegionCode,
          hallId: onSite?.hallId ?? ratedCase.hallId,
          windowId: onSite?.windowId ?? '',
          staffSubject: onSite?.staffSubject ?? '',
          caseChannel: ratedCase.channel,
          contactDueOn: bad ? workingDaysAfter(ratedCase.handlingRegionCode, today, command.policy.contactWorkingDays) : '',
        },
      },
    ];
  };

  /** Nothing is rated for the applicant: they are only asked, once, if the case stays unrated online. */
  const inviteRating = (command: InviteRating, state: CaseRatings): RatingEvent[] => {
    const { ratedCase } = command;
    if (!ratedCase.concluded || state.invited || [...state.ratings.values()].some((r) => r.visitId === '')) return [];
    return [
      {
        $case: 'ratingInvited',
        value: {
          caseNumber: ratedCase.caseNumber,
          invitedOn: chinaDateOf(command.now),
          itemName: ratedCase.itemName,
          applicantSubject: ratedCase.applicantSubject,
          applicantPhone: ratedCase.applicantPhone,
        },
      },
    ];
  };

  const verifyBadRating = (command: VerifyBadRating, state: CaseRatings): RatingEvent[] => {
    const rating = ratingOf(state, command.ratingId);
    assertCovers(command.verifier, rating);
    if (rating.followUp !== 'FOLLOW_UP_STAGE_VERIFYING') throw new FailedPreconditionError(`the rating is not waiting for verification (${rating.followUp})`);
    throwIfAny(required('note', command.note, 'what the rater said and what was found'));
    const today = chinaDateOf(command.now);
    return [
      {
        $case: 'badRatingVerified',
        value: {
          ratingId: rating.ratingId,
          caseNumber: rating.caseNumber,
          substantiated: command.substantiated,
          note: command.note,
          verifiedOn: today,
          verifier: command.verifier.subject,
          department: rating.handlingDepartment,
          rectifyDueOn: command.substantiated ? workingDaysAfter(rating.handlingRegionCode, today, command.policy.rectifyWorkingDays) : '',
          raterSubject: rating.raterSubject,
          raterPhone: command.raterPhone,
        },
      },
    ];
  };

  const reportRectification = (command: ReportRectification, state: CaseRatings): RatingEvent[] => {
    const rating = ratingOf(state, command.ratingId);
    assertOfDepartment(command.reporter, rating, 'report its rectification');
    if (rating.followUp !== 'FOLLOW_UP_STAGE_RECTIFYING') throw new FailedPreconditionError(`the rating is not waiting for a rectification (${rating.followUp})`);
    throwIfAny(required('measures', command.measures, 'what was done, told to the rater'));
    return [
      {
        $case: 'rectificationReported',
        value: {
          ratingId: rating.ratingId,
          caseNumber: rating.caseNumber,
          measures: command.measures,
          reportedOn: chinaDateOf(command.now),
          reporter: command.reporter.subject,
          department: rating.handlingDepartment,
          raterSubject: rating.raterSubject,
          raterPhone: command.raterPhone,
        },
      },
    ];
  };

  const scoreResponse = (command: ScoreResponse, state: CaseRatings): RatingEvent[] => {
    const rating = ratingOf(state, command.ratingId);
    if (command.rater !== rating.raterSubject) throw new PermissionDeniedError('only the rater scores how their rating was handled');
    if (rating.followUp !== 'FOLLOW_UP_STAGE_REPORTED') throw new FailedPreconditionError(`nothing was reported back to score (${rating.followUp})`);
    throwIfAny(levelViolations('level', command.level));
    return [{ $case: 'responseScored', value: { ratingId: rating.ratingId, caseNumber: rating.caseNumber, level: command.level, scoredOn: chinaDateOf(command.now) } }];
  };

  const appealRating = (command: AppealRating, state: CaseRatings): RatingEvent[] => {
    const rating = ratingOf(state, command.ratingId);
    assertOfDepartment(command.appellant, rating, 'appeal against it');
    if (!rating.bad) throw new FailedPreconditionError('only a bad rating (差评) can be appealed');
    if (rating.appeal) throw new FailedPreconditionError('the rating was appealed already: one appeal per rating');
    throwIfAny([
      ...(command.ground === 'APPEAL_GROUND_UNSPECIFIED' ? [{ field: 'ground', description: 'must be mistaken or malicious' }] : []),
      ...required('reason', command.reason, 'why the rating is wrong, for the reviewing supervisor'),
    ]);
    return [
      {
        $case: 'ratingAppealed',
        value: { ratingId: rating.ratingId, caseNumber: rating.caseNumber, ground: command.ground, reason: command.reason, appellant: command.appellant.subject, appealedOn: chinaDateOf(command.now) },
      },
    ];
  };

  const reviewAppeal = (command: ReviewAppeal, state: CaseRatings): RatingEvent[] => {
    const rating = ratingOf(state, command.ratingId);
    assertCovers(command.reviewer, rating);
    if (!rating.appeal) throw new FailedPreconditionError('the rating was not appealed');
    if (rating.appeal.reviewed) throw new FailedPreconditionError('the appeal was reviewed already');
    if (rating.appeal.appellant === command.reviewer.subject) throw new PermissionDeniedError('an appellant does not review their own appeal');
    throwIfAny(required('note', command.note, 'the grounds of the review'));
    return [
      {
        $case: 'appealReviewed',
        value: { ratingId: rating.ratingId, caseNumber: rating.caseNumber, upheld: command.upheld, note: command.note, reviewer: command.reviewer.subject, reviewedOn: chinaDateOf(command.now) },
      },
    ];
  };

  return {
    initialState: noRatings,
    evolve: evolveRatings,
    decide(command, state) {
      switch (command.type) {
        case 'SubmitRating':
          return submitRating(command, state);
        case 'InviteRating':
          return inviteRating(command, state);
        case 'VerifyBadRating':
          return verifyBadRating(command, state);
        case 'ReportRectification':
          return reportRectification(command, state);
        case 'ScoreResponse':
          return scoreResponse(command, state);
        case 'AppealRating':
          return appealRating(command, state);
        case 'ReviewAppeal':
          return reviewAppeal(command, state);
        default:
          return assertNever(command);
      }
    },
  };
}
