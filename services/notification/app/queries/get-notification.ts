import { Notification } from '../../../../generated/onewindow/notification/v1/notification.ts';
import type { GetNotificationRequest, GetNotificationResponse } from '../../../../generated/onewindow/notification/v1/notification_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readableNotification } from '../notification-access.ts';
import type { NotificationApp } from '../notification-app.ts';

/** One message with its status history: for its recipient, and for staff of its case's region. */
export async function getNotification(app: NotificationApp, request: GetNotificationRequest, caller: CallContext): Promise<GetNotificationResponse> {
  await awaitConsistency(app.view, request.consistencyToken, caller, app.consistencyWaitMs);
  return { notification: Notification.fromJSON((await readableNotification(app, request.notificationId, caller)).notification) };
}
