import { z } from 'zod';
import { pageSizeSchema, pageTokenSchema } from '../../platform/grpc/page-token.ts';
import { text } from '../../platform/grpc/request-fields.ts';
import { consistencyTokenSchema as consistencyToken } from '../../platform/projection/consistency-token.ts';

/** Field rules of notification's requests. Messages state the rule, never the value given. */

const caseNumber = z.string().regex(/^[0-9A-Za-z-]{0,50}$/, 'must be a case number (at most 50 letters and digits)');
const recipientSubject = z.string().regex(/^[A-Za-z0-9._:@-]{0,160}$/, 'must be an account or an inbox id');
const notificationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a notification id');
const requestId = z.string().min(1, 'is required: a unique id per request, reused when the request is retried').max(128, 'must be at most 128 characters');

export const listNotificationsSchema = z
  .object({ caseNumber, recipientSubject, pageSize: pageSizeSchema, pageToken: pageTokenSchema, consistencyToken })
  .refine((request) => (request.caseNumber === '') !== (request.recipientSubject === ''), {
    message: 'exactly one of case_number and recipient_subject is required',
    path: ['caseNumber'],
  });

export const getNotificationSchema = z.object({ notificationId, consistencyToken });

const SKEW_MS = 5 * 60_000;

export const reportDeliveryReceiptSchema = (now: () => Date) =>
  z
    .object({
      notificationId,
      provider: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be the name of the provider that sent it'),
      receipt: z.string().min(1, 'is required: the id the provider gave the message').max(200, 'must be at most 200 characters'),
      outcome: z.enum(['RECEIPT_OUTCOME_DELIVERED', 'RECEIPT_OUTCOME_UNDELIVERED'], { error: 'must be RECEIPT_OUTCOME_DELIVERED or RECEIPT_OUTCOME_UNDELIVERED' }),
      reason: text(500),
      occurredAt: z
        .string()
        .optional()
        .refine((at) => at === undefined || Number.isFinite(Date.parse(at)), 'must be a valid timestamp')
        .refine((at) => at === undefined || !(Date.parse(at) > now().getTime() + SKEW_MS), 'must not be in the future'),
    })
    .refine((request) => request.outcome !== 'RECEIPT_OUTCOME_UNDELIVERED' || request.reason.trim() !== '', {
      message: 'is required when the message was not delivered',
      path: ['reason'],
    });

const OWN_CHANNELS = ['DELIVERY_CHANNEL_SMS', 'DELIVERY_CHANNEL_APP_PUSH', 'DELIVERY_CHANNEL_EMAIL'] as const;

export const setPreferencesSchema = z
  .object({
    requestId,
    channels: z
      .array(z.enum(OWN_CHANNELS, { error: 'must be DELIVERY_CHANNEL_SMS, DELIVERY_CHANNEL_APP_PUSH or DELIVERY_CHANNEL_EMAIL' }))
      .min(1, 'must name at least one channel')
      .max(OWN_CHANNELS.length, `must name at most ${OWN_CHANNELS.length} channels`)
      .refine((channels) => new Set(channels).size === channels.length, 'must name each channel once'),
    email: z.union([z.literal(''), z.email('must be an e-mail address').max(254, 'must be at most 254 characters')]),
    pushToken: z.string().regex(/^[A-Za-z0-9:_.-]{0,512}$/, 'must be the app\'s device token (letters, digits, ":", "_", ".", "-")'),
  })
  .superRefine((request, check) => {
    if (request.channels.includes('DELIVERY_CHANNEL_EMAIL') && !request.email) {
      check.addIssue({ code: 'custom', path: ['email'], message: 'is required with DELIVERY_CHANNEL_EMAIL' });
    }
    if (request.channels.includes('DELIVERY_CHANNEL_APP_PUSH') && !request.pushToken) {
      check.addIssue({ code: 'custom', path: ['pushToken'], message: 'is required with DELIVERY_CHANNEL_APP_PUSH' });
    }
  });
