import { describe, expect, it } from 'vitest';
import type { NotificationQueued } from '../../../../generated/onewindow/notification/v1/events.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { notificationDecider } from './notification-decider.ts';
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
};
const queuedEvent: NotificationEvent = { $case: 'notificationQueued', value: queued };

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

  it('records delivery once, and never for a message that was not queued', () => {
    const delivered: NotificationEvent = {
      $case: 'notificationDelivered',
      value: { notificationId: queued.notificationId, caseNumber: queued.caseNumber, provider: 'file', receipt: 'r-1' },
    };
    spec.given([queuedEvent]).when({ type: 'RecordDelivery', provider: 'file', receipt: 'r-1' }).then([delivered]);
    spec.given([queuedEvent, delivered]).when({ type: 'RecordDelivery', provider: 'file', receipt: 'r-2' }).then([]);
    spec.given([]).when({ type: 'RecordDelivery', provider: 'file', receipt: 'r-1' }).thenThrows(FailedPreconditionError);
  });
});
