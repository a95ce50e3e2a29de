import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import type { AppealGround, DimensionScore, RatingChannel } from '../../../../generated/onewindow/supervision/v1/rating.ts';
import type { SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';

/** The case a rating is about, as supervision watches it. */
export interface RatedCase {
  readonly caseNumber: string;
  readonly applicantSubject: string;
  /** Personal data: for telling the rater. */
  readonly applicantPhone: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly handlingDepartment: string;
  readonly handlingRegionCode: string;
  readonly hallId: string;
  readonly channel: Channel;
  /** Concluded, refused or withdrawn: the case can be rated online (一事一评). */
  readonly ended: boolean;
  /** Concluded: an unrated case is invited to rate. */
  readonly concluded: boolean;
}

/** Staff acting on a rating: who, which department, which jurisdiction. */
export interface Staff {
  readonly subject: string;
  readonly department: string;
  readonly jurisdiction: string;
}

/** A visit to a hall's window about the case, as the counter recorded it. */
export interface HallVisit {
  readonly visitId: string;
  readonly hallId: string;
  readonly windowId: string;
  readonly staffSubject: string;
}

export interface SubmitRating {
  readonly type: 'SubmitRating';
  /** Opaque: it does not name the case. */
  readonly ratingId: string;
  readonly ratedCase: RatedCase;
  /** The caller's account. */
  readonly rater: string;
  readonly channel: RatingChannel;
  readonly level: number;
  readonly dimensions: readonly DimensionScore[];
  readonly comment: string;
  /** On a hall channel: the case's latest visit to a hall today, if any (一次一评). */
  readonly visit: HallVisit | undefined;
  readonly policy: SupervisionPolicy;
  readonly now: Date;
}

export interface InviteRating {
  readonly type: 'InviteRating';
  readonly ratedCase: RatedCase;
  readonly now: Date;
}

export interface VerifyBadRating {
  readonly type: 'VerifyBadRating';
  readonly ratingId: string;
  readonly substantiated: boolean;
  readonly note: string;
  readonly verifier: Staff;
  readonly raterPhone: string;
  readonly policy: SupervisionPolicy;
  readonly now: Date;
}

export interface ReportRectification {
  readonly type: 'ReportRectification';
  readonly ratingId: string;
  readonly measures: string;
  readonly reporter: Staff;
  readonly raterPhone: string;
  readonly now: Date;
}

export interface ScoreResponse {
  readonly type: 'ScoreResponse';
  readonly ratingId: string;
  readonly level: number;
  readonly rater: string;
  readonly now: Date;
}

export interface AppealRating {
  readonly type: 'AppealRating';
  readonly ratingId: string;
  readonly ground: AppealGround;
  readonly reason: string;
  readonly appellant: Staff;
  readonly now: Date;
}

export interface ReviewAppeal {
  readonly type: 'ReviewAppeal';
  readonly ratingId: string;
  readonly upheld: boolean;
  readonly note: string;
  readonly reviewer: Staff;
  readonly now: Date;
}

export type RatingCommand = SubmitRating | InviteRating | VerifyBadRating | ReportRectification | ScoreResponse | AppealRating | ReviewAppeal;
