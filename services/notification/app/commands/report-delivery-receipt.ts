import { Notification } from '../../../../generated/onewindow/notification/v1/notification.ts';
import type { ReportDeliveryReceiptRequest, ReportDeliveryReceiptResponse } from '../../../../generated/onewindow/notification/v1/notification_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { maskPersonalDataInText } from '../../../platform/privacy/mask-personal-data.ts';
import type { RecordReceipt } from '../../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, notificationStreamId } from '../../domain/notification/notification-events.ts';
import { readableNotification } from '../notification-access.ts';
import type { NotificationApp } from '../notification-app.ts';
import { NOTIFICATIONS, type NotificationDocument } from '../projections/notifications-projection.ts';

/**
 * A provider's callback says whether a message reached its recipient: recorded on the message,
 * which is answered as the view now shows it. Providers only: a person must not mark a message
 * delivered or undelivered (the access policy).
 */
export async function reportDeliveryReceipt(app: NotificationApp, request: ReportDeliveryReceiptRequest, caller: CallContext): Promise<ReportDeliveryReceiptResponse> {
  const document = await readableNotification(app, request.notificationId, caller);
  const now = app.clock.now();
  const command: RecordReceipt = {
    type: 'RecordReceipt',
    provider: request.provider,
    receipt: request.receipt,
    outcome: request.outcome as 'RECEIPT_OUTCOME_DELIVERED' | 'RECEIPT_OUTCOME_UNDELIVERED',
    reason: maskPersonalDataInText(request.reason),
    occurredAt: request.occurredAt ?? now.toISOString(),
  };
  // A receipt carries no request id: it is not deduplicated (the decider makes a repeat harmless),
  // and its events name the message it is about as their cause.
  const result = await runCommand(app.notifications, { caller, request: {}, now }, {
    prepare: () => ({
      streamId: notificationStreamId(request.notificationId),
      streamType: NOTIFICATION_STREAM_TYPE,
      command,
      correlationId: document.caseNumber,
      regionCode: document.regionCode,
      causationId: `request:receipt:${request.notificationId}`,
    }),
  });
  await awaitConsistency(app.view, result.consistencyToken, caller, app.consistencyWaitMs);
  const updated = await app.readModels.get<NotificationDocument>(NOTIFICATIONS, request.notificationId);
  return { notification: Notification.fromJSON(updated?.notification ?? document.notification), consistencyToken: result.consistencyToken };
}
