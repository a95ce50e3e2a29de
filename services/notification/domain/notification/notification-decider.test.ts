import { describe, expect, it } from 'vitest';
import type { NotificationQueued } from '../../../../generated/onewindow/notification/v1/events.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { nextAttemptAt } from './delivery-policy.ts';
import { type RecordAttemptFailure, notificationDecider } from './notification-decider.ts';
import type { NotificationEvent } from './notification-events.ts';
import { notificationIdOf } from './notification-events.ts';

const spec = deciderSpec(notificationDecider);
const queued: NotificationQueued = {
  notificationId: notificationIdOf('event-1', 'applicant-zhang', 'DELIVERY_CHANNEL_SMS'),
  caseNumber: '35010220261122000001',
  sourceEventId: 'event-1',
  sourceEventType: 'caseAccepted',
  recipientKind: 'RECIPIENT_KIND_APPLICANT',
  recipientSubject: 'applicant-zhang',
  address: '13800138000',
  channel: 'DELIVERY_CHANNEL_SMS',
  templateId: 'case-accepted',
  templateVersion: 1,
  text: '您的办件已受理',
  title: '办件已受理',
};
const ids = { notificationId: queued.notificationId, caseNumber: queued.caseNumber };
const queuedEvent: NotificationEvent = { $case: 'notificationQueued', value: queued };
const policy = { maxAttempts: 3, backoffBaseMs: 1_000, backoffCapMs: 60_000 };
const failedAt = new Date('2026-11-22T02:00:00Z');
const failure = (overrides: Partial<RecordAttemptFailure> = {}): RecordAttemptFailure => ({
  type: 'RecordAttemptFailure',
  provider: 'webhook',
  permanent: false,
  reason: 'HTTP 503',
  retryAfterMs: 0,
  policy,
  failedAt,
  ...overrides,
});
const attemptFailed = (attempt: number, nextAttemptAt: string | undefined, permanent = false, reason = 'HTTP 503'): NotificationEvent => ({
  $case: 'notificationAttemptFailed',
  value: { ...ids, provider: 'webhook', attempt, permanent, reason, nextAttemptAt },
});
const sent = (attempt: number): NotificationEvent => ({ $case: 'notificationSent', value: { ...ids, provider: 'webhook', receipt: 'r-1', attempt } });

describe('notification', () => {
  it('derives one id per source event, recipient and channel', () => {
    expect(notificationIdOf('event-1', 'applicant-zhang', 'DELIVERY_CHANNEL_SMS')).toBe(queued.notificationId);
    expect(notificationIdOf('event-1', 'applicant-zhang', 'DELIVERY_CHANNEL_EMAIL')).not.toBe(queued.notificationId);
    expect(notificationIdOf('event-2', 'applicant-zhang', 'DELIVERY_CHANNEL_SMS')).not.toBe(queued.notificationId);
  });

  it('queues once however often the source event arrives', () => {
    spec.given([]).when({ type: 'QueueNotification', notification: queued }).then([queuedEvent]);
    spec.given([queuedEvent]).when({ type: 'QueueNotification', notification: queued }).then([]);
  });

  it('records the send once, with the attempt that succeeded, and never for a message that was not queued', () => {
    spec.given([queuedEvent]).when({ type: 'RecordSent', provider: 'webhook', receipt: 'r-1' }).then([sent(1)]);
    spec.given([queuedEvent, attemptFailed(1, '2026-11-22T02:00:01.000Z')]).when({ type: 'RecordSent', provider: 'webhook', receipt: 'r-1' }).then([sent(2)]);
    spec.given([queuedEvent, sent(1)]).when({ type: 'RecordSent', provider: 'webhook', receipt: 'r-2' }).then([]);
    spec.given([]).when({ type: 'RecordSent', provider: 'webhook', receipt: 'r-1' }).thenThrows(FailedPreconditionError);
  });

  it('schedules the next attempt after a temporary failure: base × 2^(n−1), capped, not before Retry-After', () => {
    expect([1, 2, 3, 7, 8].map((n) => nextAttemptAt(policy, n, failedAt).getTime() - failedAt.getTime())).toEqual([1_000, 2_000, 4_000, 60_000, 60_000]);
    expect(nextAttemptAt(policy, 1, failedAt, 30_000).getTime() - failedAt.getTime()).toBe(30_000);
    // A gateway asking for years, or for nonsense, is held to a day.
    expect(nextAttemptAt(policy, 1, failedAt, 99_999_999_999_999_000).getTime() - failedAt.getTime()).toBe(86_400_000);
    expect(nextAttemptAt(policy, 1, failedAt, Number.POSITIVE_INFINITY).getTime() - failedAt.getTime()).toBe(1_000);
    spec.given([queuedEvent]).when(failure()).then([attemptFailed(1, '2026-11-22T02:00:01.000Z')]);
    spec.given([queuedEvent, attemptFailed(1, '2026-11-22T02:00:01.000Z')]).when(failure()).then([attemptFailed(2, '2026-11-22T02:00:02.000Z')]);
  });

  it('dead-letters after the last allowed attempt, with the reason', () => {
    spec
      .given([queuedEvent, attemptFailed(1, 'x'), attemptFailed(2, 'y')])
      .when(failure())
      .then([attemptFailed(3, undefined), { $case: 'notificationFailed', value: { ...ids, reason: 'gave up after 3 attempts: HTTP 503', attempts: 3 } }]);
  });

  it('stops at a permanent failure', () => {
    spec
      .given([queuedEvent])
      .when(failure({ permanent: true, reason: 'HTTP 400 invalid number' }))
      .then([attemptFailed(1, undefined, true, 'HTTP 400 invalid number'), { $case: 'notificationFailed', value: { ...ids, reason: 'permanent failure: HTTP 400 invalid number', attempts: 1 } }]);
    const failed: NotificationEvent[] = [queuedEvent, attemptFailed(1, undefined, true), { $case: 'notificationFailed', value: { ...ids, reason: 'x', attempts: 1 } }];
    spec.given(failed).when(failure()).then([]);
    spec.given(failed).when({ type: 'RecordSent', provider: 'webhook', receipt: 'r-1' }).then([]);
    spec.given(failed).when({ type: 'DeferNotification', notBefore: '2026-11-23T00:00:00.000Z', reason: 'quiet hours' }).then([]);
  });

  it('defers a waiting message once per quiet period', () => {
    const deferred: NotificationEvent = { $case: 'notificationDeferred', value: { ...ids, notBefore: '2026-11-23T00:00:00.000Z', reason: 'quiet hours' } };
    spec.given([queuedEvent]).when({ type: 'DeferNotification', notBefore: '2026-11-23T00:00:00.000Z', reason: 'quiet hours' }).then([deferred]);
    spec.given([queuedEvent, deferred]).when({ type: 'DeferNotification', notBefore: '2026-11-23T00:00:00.000Z', reason: 'quiet hours' }).then([]);
    spec.given([queuedEvent, deferred]).when({ type: 'RecordSent', provider: 'webhook', receipt: 'r-1' }).then([sent(1)]);
    spec.given([queuedEvent, sent(1)]).when({ type: 'DeferNotification', notBefore: '2026-11-23T00:00:00.000Z', reason: 'quiet hours' }).then([]);
  });

  it('takes the first matching receipt as final', () => {
    const receipt = { type: 'RecordReceipt', provider: 'webhook', receipt: 'r-1', outcome: 'RECEIPT_OUTCOME_DELIVERED', reason: '', occurredAt: '2026-11-22T02:00:05.000Z' } as const;
    const reported: NotificationEvent = {
      $case: 'deliveryReceiptReported',
      value: { ...ids, provider: 'webhook', receipt: 'r-1', outcome: 'RECEIPT_OUTCOME_DELIVERED', reason: '', occurredAt: '2026-11-22T02:00:05.000Z' },
    };
    spec.given([queuedEvent, sent(1)]).when(receipt).then([reported]);
    spec.given([queuedEvent, sent(1), reported]).when(receipt).then([]);
    spec.given([queuedEvent, sent(1), reported]).when({ ...receipt, outcome: 'RECEIPT_OUTCOME_UNDELIVERED', reason: 'late' }).then([]);
    spec.given([queuedEvent]).when(receipt).thenThrows(FailedPreconditionError, /not been sent/);
    spec.given([queuedEvent, sent(1)]).when({ ...receipt, receipt: 'r-9' }).thenThrows(FailedPreconditionError, /does not match/);
  });

  it('fails a message whose receipt says undelivered', () => {
    spec
      .given([queuedEvent, sent(1)])
      .when({ type: 'RecordReceipt', provider: 'webhook', receipt: 'r-1', outcome: 'RECEIPT_OUTCOME_UNDELIVERED', reason: '空号', occurredAt: '2026-11-22T02:00:05.000Z' })
      .thenState((state, events) => {
        expect(state.status).toBe('failed');
        expect(events.at(-1)).toEqual({ $case: 'notificationFailed', value: { ...ids, reason: 'undelivered: 空号', attempts: 1 } });
      });
  });
});
