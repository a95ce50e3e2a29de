import { Notification, type NotificationStatus, type StatusChange } from '../../../../generated/onewindow/notification/v1/notification.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import { maskAddress } from '../../../platform/privacy/mask-personal-data.ts';
import type { NotificationPayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument, ReadModelTransaction } from '../../../platform/readmodel/read-model-store.ts';

export interface NotificationDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly recipientSubject: string;
  readonly recipientKind: string;
  /** The region of the case, for staff jurisdiction. */
  readonly regionCode: string;
  readonly queuedAt: string;
  /** Waiting for an attempt (queued, deferred or retrying): the dispatcher's work list. */
  readonly pending: boolean;
  /** When the next attempt is due (ISO); '' for at once (or, when not pending, never). */
  readonly dueAt: string;
  /** The notification (address masked) as proto3 JSON. */
  readonly notification: unknown;
}

export const NOTIFICATIONS = 'notifications';

const PENDING: ReadonlySet<NotificationStatus> = new Set(['NOTIFICATION_STATUS_QUEUED', 'NOTIFICATION_STATUS_DEFERRED', 'NOTIFICATION_STATUS_RETRYING']);

/**
 * Every notification with its status history (addresses masked), and the dispatcher's queue: what
 * is pending and when it is due. The due time here only chooses what to look at; the dispatcher
 * checks it again against the notification's own events before an attempt.
 */
export const notificationsProjection: Projection<NotificationPayload> = {
  name: 'notifications',
  collections: [{ name: NOTIFICATIONS, indexes: [['caseNumber', 'queuedAt'], ['recipientSubject', 'queuedAt'], ['pending', 'dueAt'], ['notification.status']] }],
  async apply(event, tx) {
    const payload = event.payload;
    switch (payload.$case) {
      case 'notificationQueued': {
        const queued = payload.value;
        const notification: Notification = {
          notificationId: queued.notificationId,
          caseNumber: queued.caseNumber,
          sourceEventId: queued.sourceEventId,
          sourceEventType: queued.sourceEventType,
          recipientKind: queued.recipientKind,
          recipientSubject: queued.recipientSubject,
          channel: queued.channel,
          // A sealed address stays sealed here; the server masks it on the way out.
          maskedAddress: maskAddress(queued.address),
          templateId: queued.templateId,
          templateVersion: queued.templateVersion,
          title: queued.title,
          text: queued.text,
          status: 'NOTIFICATION_STATUS_QUEUED',
          history: [{ status: 'NOTIFICATION_STATUS_QUEUED', at: event.occurredAt, detail: `${queued.templateId} v${queued.templateVersion}`, attempt: 0 }],
          attempts: 0,
          nextAttemptAt: event.occurredAt,
        };
        await tx.put<NotificationDocument>(NOTIFICATIONS, {
          id: queued.notificationId,
          caseNumber: queued.caseNumber,
          recipientSubject: queued.recipientSubject,
          recipientKind: queued.recipientKind,
          regionCode: event.regionCode,
          queuedAt: event.occurredAt,
          pending: true,
          // At once: '' sorts before every instant, whatever the clocks of the services say.
          dueAt: '',
          notification: Notification.toJSON(notification),
        });
        return;
      }
      case 'notificationDeferred':
        return change(tx, event, payload.value.notificationId, { status: 'NOTIFICATION_STATUS_DEFERRED', detail: `until ${payload.value.notBefore}: ${payload.value.reason}` }, payload.value.notBefore);
      case 'notificationAttemptFailed': {
        const { attempt, permanent, provider, reason, nextAttemptAt } = payload.value;
        const detail = `${provider}: ${permanent ? 'permanent' : 'temporary'} failure: ${reason}${nextAttemptAt ? `; next attempt ${nextAttemptAt}` : ''}`;
        // The last attempt's failure is followed by the dead letter's own entry, with its reason.
        const status = nextAttemptAt ? 'NOTIFICATION_STATUS_RETRYING' : 'NOTIFICATION_STATUS_FAILED';
        return change(tx, event, payload.value.notificationId, { status, detail, attempt }, nextAttemptAt, attempt);
      }
      case 'notificationSent':
        return change(tx, event, payload.value.notificationId, { status: 'NOTIFICATION_STATUS_SENT', detail: `${payload.value.provider} ${payload.value.receipt}`, attempt: payload.value.attempt }, undefined, payload.value.attempt);
      case 'deliveryReceiptReported': {
        const { outcome, provider, reason, occurredAt } = payload.value;
        if (outcome !== 'RECEIPT_OUTCOME_DELIVERED') return;
        return change(tx, event, payload.value.notificationId, { status: 'NOTIFICATION_STATUS_DELIVERED', detail: `${provider} receipt at ${occurredAt ?? ''}${reason ? `: ${reason}` : ''}` });
      }
      case 'notificationFailed':
        return change(tx, event, payload.value.notificationId, { status: 'NOTIFICATION_STATUS_FAILED', detail: payload.value.reason, attempt: payload.value.attempts });
      case 'notificationPreferencesSet':
        return;
      default:
        return;
    }
  },
};

async function change(
  tx: ReadModelTransaction,
  event: EventEnvelope<NotificationPayload>,
  notificationId: string,
  entry: Omit<StatusChange, 'at' | 'attempt'> & { attempt?: number },
  nextAttemptAt?: string,
  attempts?: number,
): Promise<void> {
  const existing = await tx.get<NotificationDocument>(NOTIFICATIONS, notificationId);
  if (!existing) throw new Error(`notification ${notificationId} changed before it was queued`);
  const notification = Notification.fromJSON(existing.notification);
  const pending = PENDING.has(entry.status);
  const updated: Notification = {
    ...notification,
    status: entry.status,
    history: [...notification.history, { ...entry, at: event.occurredAt, attempt: entry.attempt ?? 0 }],
    attempts: attempts ?? notification.attempts,
    nextAttemptAt: pending ? nextAttemptAt : undefined,
  };
  await tx.put<NotificationDocument>(NOTIFICATIONS, { ...existing, pending, dueAt: pending ? (nextAttemptAt ?? '') : '', notification: Notification.toJSON(updated) });
}
