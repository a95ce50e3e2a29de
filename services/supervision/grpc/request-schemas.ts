import { z } from 'zod';
import { DATE_RULE, isCalendarDate } from '../../platform/time/calendar-date.ts';
import { REGION_CODE_RULE, isRegionCode } from '../../platform/codes/region-code.ts';
import { pageSizeSchema, pageTokenSchema } from '../../platform/grpc/page-token.ts';
import { text } from '../../platform/grpc/request-fields.ts';
import { consistencyTokenSchema as consistencyToken } from '../../platform/projection/consistency-token.ts';

/** Field rules of supervision's requests. Messages state the rule, never the value given. */

const requestId = z
  .string()
  .min(1, 'is required: a unique id per request, reused when the request is retried')
  .max(128, 'must be at most 128 characters');
const caseNumber = z.string().regex(/^[0-9A-Za-z-]{1,50}$/, 'must be a case number (at most 50 letters and digits)');
const optionalCaseNumber = z.string().regex(/^[0-9A-Za-z-]{0,50}$/, 'must be empty or a case number');
const regionCode = z.string().refine(isRegionCode, REGION_CODE_RULE);
const optionalRegionCode = z.string().refine((value) => value === '' || isRegionCode(value), REGION_CODE_RULE);
const optionalDate = z.string().refine((value) => value === '' || isCalendarDate(value), DATE_RULE);
const department = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a department code');
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,160}$/, 'must be an id from a listing');
const level = z.number().int().min(1, 'must be 1 (非常满意) to 5 (非常不满意)').max(5, 'must be 1 (非常满意) to 5 (非常不满意)');

export const getCaseClockSchema = z.object({ caseNumber, consistencyToken });
export const listAlertsSchema = z.object({ regionCode: optionalRegionCode, pageSize: pageSizeSchema, pageToken: pageTokenSchema, consistencyToken });

export const issueOrderSchema = z.object({
  requestId,
  caseNumber: optionalCaseNumber,
  department,
  regionCode,
  instruction: text(2000),
  dueOn: z.string().refine(isCalendarDate, DATE_RULE),
});
export const replyOrderSchema = z.object({ requestId, orderId: id, reply: text(2000) });
export const closeOrderSchema = z.object({ requestId, orderId: id, note: text(2000) });
export const listOrdersSchema = z.object({
  statuses: z.array(z.string()).max(3, 'must list each of the 3 order states at most once'),
  caseNumber: optionalCaseNumber,
  pageSize: pageSizeSchema,
  pageToken: pageTokenSchema,
  consistencyToken,
});

export const submitRatingSchema = z.object({
  requestId,
  caseNumber,
  channel: z.enum(
    ['RATING_CHANNEL_PC', 'RATING_CHANNEL_MOBILE', 'RATING_CHANNEL_QR_CODE', 'RATING_CHANNEL_HALL_TABLET', 'RATING_CHANNEL_HALL_TERMINAL', 'RATING_CHANNEL_PHONE', 'RATING_CHANNEL_SMS'],
    { error: 'must be pc, mobile, QR code, hall tablet, hall terminal, phone or SMS' },
  ),
  level,
  dimensions: z
    .array(z.object({ dimension: z.string().regex(/^[a-z_]{1,32}$/, 'must be a dimension code (lower-case letters and _)'), level }))
    .max(10, 'must rate at most 10 dimensions'),
  comment: text(500),
});
export const listCaseRatingsSchema = z.object({ caseNumber, consistencyToken });
export const listRatingsSchema = z.object({
  regionCode: optionalRegionCode,
  stages: z.array(z.string()).max(6, 'must list each of the 6 follow-up stages at most once'),
  pageSize: pageSizeSchema,
  pageToken: pageTokenSchema,
  consistencyToken,
});
export const verifyBadRatingSchema = z.object({ requestId, ratingId: id, note: text(2000) });
export const reportRectificationSchema = z.object({ requestId, ratingId: id, measures: text(2000) });
export const scoreResponseSchema = z.object({ requestId, ratingId: id, level });
export const appealRatingSchema = z.object({
  requestId,
  ratingId: id,
  ground: z.enum(['APPEAL_GROUND_MISTAKEN', 'APPEAL_GROUND_MALICIOUS'], { error: 'must be mistaken or malicious' }),
  reason: text(2000),
});
export const reviewAppealSchema = z.object({ requestId, ratingId: id, note: text(2000) });

export const getStatisticsSchema = z
  .object({
    regionCode: optionalRegionCode,
    groupBy: z.enum(['GROUP_BY_REGION', 'GROUP_BY_DEPARTMENT', 'GROUP_BY_HALL', 'GROUP_BY_ITEM', 'GROUP_BY_CHANNEL', 'GROUP_BY_MONTH'], {
      error: 'must be region, department, hall, item, channel or month',
    }),
    from: optionalDate,
    to: optionalDate,
    consistencyToken,
  })
  .refine((request) => !request.from || !request.to || request.from <= request.to, { path: ['to'], message: 'must not be before from' });
export const traceCaseSchema = z.object({ caseNumber, consistencyToken });

export const setSupervisionPolicySchema = z.object({ requestId, policy: z.object({ regionCode }, { error: 'is required' }) });
export const getSupervisionPolicySchema = z.object({ regionCode, consistencyToken });
