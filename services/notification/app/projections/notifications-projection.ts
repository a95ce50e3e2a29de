import { Notification } from '../../../../generated/onewindow/notification/v1/notification.ts';
import { maskAddress } from '../../../platform/logging/mask-personal-data.ts';
import type { NotificationPayload } from '../../../platform/messaging/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';

export interface NotificationDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly recipientSubject: string;
  readonly recipientKind: string;
  /** The region of the case, for staff jurisdiction. */
  readonly regionCode: string;
  readonly queuedAt: string;
  /** The notification (address masked) as proto3 JSON. */
  readonly notification: unknown;
}

export const NOTIFICATIONS = 'notifications';

/** Every notification with its status history; addresses are stored masked. */
export const notificationsProjection: Projection<NotificationPayload> = {
  name: 'notifications',
  collections: [{ name: NOTIFICATIONS, indexes: [['caseNumber', 'queuedAt'], ['recipientSubject']] }],
  async apply(event, tx) {
    const payload = event.payload;
    if (payload.$case === 'notificationQueued') {
      const queued = payload.value;
      const notification: Notification = {
        notificationId: queued.notificationId,
        caseNumber: queued.caseNumber,
        sourceEventId: queued.sourceEventId,
        sourceEventType: queued.sourceEventType,
        recipientKind: queued.recipientKind,
        channel: queued.channel,
        maskedAddress: maskAddress(queued.address),
        templateId: queued.templateId,
        templateVersion: queued.templateVersion,
        text: queued.text,
        status: 'NOTIFICATION_STATUS_QUEUED',
        history: [{ status: 'NOTIFICATION_STATUS_QUEUED', at: event.occurredAt, detail: '' }],
      };
      await tx.put<NotificationDocument>(NOTIFICATIONS, {
        id: queued.notificationId,
        caseNumber: queued.caseNumber,
        recipientSubject: queued.recipientSubject,
        recipientKind: queued.recipientKind,
        regionCode: event.regionCode,
        queuedAt: event.occurredAt,
        notification: Notification.toJSON(notification),
      });
    } else {
      const existing = await tx.get<NotificationDocument>(NOTIFICATIONS, payload.value.notificationId);
      if (!existing) throw new Error(`notification ${payload.value.notificationId} delivered before it was queued`);
      const notification = Notification.fromJSON(existing.notification);
      const delivered: Notification = {
        ...notification,
        status: 'NOTIFICATION_STATUS_DELIVERED',
        history: [...notification.history, { status: 'NOTIFICATION_STATUS_DELIVERED', at: event.occurredAt, detail: `${payload.value.provider} ${payload.value.receipt}` }],
      };
      await tx.put<NotificationDocument>(NOTIFICATIONS, { ...existing, notification: Notification.toJSON(delivered) });
    }
  },
};
