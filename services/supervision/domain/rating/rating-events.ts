import type { SupervisionPayload } from '../../../platform/messaging/topics.ts';

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

/** 一事一评 online, 一次一评 on site: the id says which, so a second one is the same rating. */
export const ratingIdOf = (caseNumber: string, visitId: string) => (visitId ? `${caseNumber}-visit-${visitId}` : `${caseNumber}-online`);

/** The case a rating id belongs to. */
export const caseNumberOfRating = (ratingId: string): string | undefined => /^(.+?)-(online|visit-.+)$/.exec(ratingId)?.[1];

/** 4 不满意 and 5 非常不满意 are 差评 (DOMAIN §3). */
export const isBad = (level: number) => level >= 4;
