import type { SupervisionPayload } from '../supervision-payload.ts';

export const ratingEventTypes = [
  'ratingSubmitted',
  'ratingInvited',
  'badRatingVerified',
  'rectificationReported',
  'responseScored',
  'ratingAppealed',
  'appealReviewed',
] as const;

/** The events of a case's ratings stream ("ratings-<case number>"). */
export type RatingEvent = Extract<SupervisionPayload, { $case: (typeof ratingEventTypes)[number] }>;

export const ratingsStreamId = (caseNumber: string) => `ratings-${caseNumber}`;
export const RATINGS_STREAM_TYPE = 'case-ratings';

/** Channels in the hall: a rating through them rates a visit (一次一评); the others, the case online (一事一评). */
export const HALL_CHANNELS: ReadonlySet<string> = new Set(['RATING_CHANNEL_HALL_TABLET', 'RATING_CHANNEL_HALL_TERMINAL', 'RATING_CHANNEL_QR_CODE']);

/** 4 不满意 and 5 非常不满意 are 差评 (国办发〔2019〕51号). */
export const isBad = (level: number) => level >= 4;
