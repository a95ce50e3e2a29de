import type { CallContext } from '../../platform/app/call-context.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
import type { ResourceFacts } from '../../platform/security/resource-scope.ts';
import type { NotificationApp } from './notification-app.ts';
import { NOTIFICATIONS, type NotificationDocument } from './projections/notifications-projection.ts';

/**
 * A message as the access policy sees it: an applicant's is theirs; a staff inbox's name is not an
 * applicant's account, so it is nobody's own. It lies in its case's region.
 */
export const notificationResource = (document: NotificationDocument): ResourceFacts => ({
  ...(document.recipientKind === 'RECIPIENT_KIND_APPLICANT' ? { owner: document.recipientSubject } : {}),
  regions: [document.regionCode],
});

/** A message as the notifications view holds it, once the caller is found to reach it. */
export async function readableNotification(app: NotificationApp, notificationId: string, caller: CallContext): Promise<NotificationDocument> {
  const document = await app.readModels.get<NotificationDocument>(NOTIFICATIONS, notificationId);
  if (!document) throw new NotFoundError(`notification ${notificationId} does not exist`);
  caller.authorize(notificationResource(document));
  return document;
}
