import { Notification } from '../../../../generated/onewindow/notification/v1/notification.ts';
import type { ListNotificationsRequest, ListNotificationsResponse } from '../../../../generated/onewindow/notification/v1/notification_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readPage } from '../../../platform/app/paging.ts';
import { notificationResource } from '../notification-access.ts';
import type { NotificationApp } from '../notification-app.ts';
import { NOTIFICATIONS, type NotificationDocument } from '../projections/notifications-projection.ts';

/** The messages of a case or of one recipient, oldest first: those the caller may read. */
export async function listNotifications(app: NotificationApp, request: ListNotificationsRequest, caller: CallContext): Promise<ListNotificationsResponse> {
  // An applicant asking for someone else's messages is refused; otherwise a listing leaves out what the caller may not read.
  if (caller.scope === 'own' && request.recipientSubject) caller.authorize({ owner: request.recipientSubject });
  await awaitConsistency(app.view, request.consistencyToken, caller, app.consistencyWaitMs);
  const page = await readPage(request, async (window) => {
    const documents = await app.readModels.find<NotificationDocument>(NOTIFICATIONS, {
      where: request.caseNumber ? { caseNumber: request.caseNumber } : { recipientSubject: request.recipientSubject },
      orderBy: [['queuedAt', 'asc']],
    });
    // Paged after the caller's reach has filtered the listing, so that a page leaves out nothing it may show.
    return caller.reachable(documents, notificationResource).slice(window.offset, window.offset + window.limit);
  });
  return { notifications: page.items.map((d) => Notification.fromJSON(d.notification)), nextPageToken: page.nextPageToken };
}
