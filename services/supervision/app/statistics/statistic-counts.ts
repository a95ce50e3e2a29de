import type { Figures } from '../../../../generated/onewindow/supervision/v1/statistics.ts';

/**
 * The counts behind a group's figures, as one vector of whole numbers (so that a roll-up cell adds
 * and subtracts them position by position): the positions below.
 */
export type Counts = number[];

export const RECEIVED = 0;
export const ACCEPTED = 1;
export const CONCLUDED = 2;
export const ON_TIME = 3;
export const WITHIN_STATUTORY_LIMIT = 4;
export const WORKING_DAYS_USED = 5;
export const YELLOW_ALERTS = 6;
export const RED_ALERTS = 7;
/** Five positions: ratings of level 1 (非常满意) to 5 (非常不满意). */
export const RATING_LEVELS = 8;
export const RATINGS = 13;
export const BAD_RATINGS = 14;
export const RECTIFIED = 15;
export const FOLLOWED_UP = 16;
const SIZE = 17;

export const emptyCounts = (): Counts => new Array<number>(SIZE).fill(0);

/** Adds `counts` times `sign` into `into`. */
export function addCounts(into: Counts, counts: readonly number[], sign = 1): void {
  for (let i = 0; i < SIZE; i++) into[i] = (into[i] ?? 0) + sign * (counts[i] ?? 0);
}

export const isZero = (counts: readonly number[]) => counts.every((value) => value === 0);

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** The figures a group shows (国办发〔2019〕51号 for the rating rates). */
export function figuresOf(counts: Counts): Figures {
  const at = (i: number) => BigInt(counts[i] ?? 0);
  const levels = [0, 1, 2, 3, 4].map((k) => counts[RATING_LEVELS + k] ?? 0);
  return {
    received: at(RECEIVED),
    accepted: at(ACCEPTED),
    concluded: at(CONCLUDED),
    onTime: at(ON_TIME),
    withinStatutoryLimit: at(WITHIN_STATUTORY_LIMIT),
    workingDaysUsed: at(WORKING_DAYS_USED),
    yellowAlerts: at(YELLOW_ALERTS),
    redAlerts: at(RED_ALERTS),
    ratingLevels: levels.map(BigInt),
    ratings: at(RATINGS),
    badRatings: at(BAD_RATINGS),
    rectified: at(RECTIFIED),
    followedUp: at(FOLLOWED_UP),
    averageWorkingDays: rate(counts[WORKING_DAYS_USED] ?? 0, counts[CONCLUDED] ?? 0),
    satisfactionRate: rate(levels[0]! + levels[1]! + levels[2]!, counts[RATINGS] ?? 0),
    rectificationRate: rate(counts[FOLLOWED_UP] ?? 0, counts[BAD_RATINGS] ?? 0),
  };
}
