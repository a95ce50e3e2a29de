import type { NotificationServiceService } from '../../../generated/onewindow/notification/v1/notification_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { reportDeliveryReceipt } from '../app/commands/report-delivery-receipt.ts';
import { setNotificationPreferences } from '../app/commands/set-notification-preferences.ts';
import type { NotificationApp } from '../app/notification-app.ts';
import { getNotification } from '../app/queries/get-notification.ts';
import { getNotificationPreferences } from '../app/queries/get-notification-preferences.ts';
import { listNotifications } from '../app/queries/list-notifications.ts';
import { getNotificationSchema, listNotificationsSchema, reportDeliveryReceiptSchema, setPreferencesSchema } from './notification-schemas.ts';

/**
 * The notification service: each RPC validated by its schema and mapped to its use case in app/.
 * Who may call what, where: services/contracts/access-policy.ts.
 */
export function notificationRpcs(app: NotificationApp): ServiceImplementation<typeof NotificationServiceService> {
  return {
    listNotifications: { schema: listNotificationsSchema, handle: (request, caller) => listNotifications(app, request, caller) },
    getNotification: { schema: getNotificationSchema, handle: (request, caller) => getNotification(app, request, caller) },
    // A receipt dated in the future (beyond the clocks' skew) is refused: the schema asks the service's clock.
    reportDeliveryReceipt: { schema: reportDeliveryReceiptSchema(() => app.clock.now()), handle: (request, caller) => reportDeliveryReceipt(app, request, caller) },
    setNotificationPreferences: { schema: setPreferencesSchema, handle: (request, caller) => setNotificationPreferences(app, request, caller) },
    getNotificationPreferences: { handle: (request, caller) => getNotificationPreferences(app, request, caller) },
  };
}
