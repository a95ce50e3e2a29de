import { NotificationServiceService } from '../../../generated/onewindow/notification/v1/notification_service.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { served } from '../../platform/grpc/rpc-server.ts';
import { type NotificationPayload, notificationTopic } from '../../platform/messaging/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { assembleService } from '../../platform/runtime/assemble-service.ts';
import type { ServiceDependencies, ServiceModule } from '../../platform/runtime/service-module.ts';
import { notificationDecider } from '../domain/notification/notification-decider.ts';
import { notificationRpc } from '../grpc/notification-rpc.ts';
import type { DeliveryProvider } from './delivery-provider.ts';
import { startDispatcher } from './dispatcher.ts';
import { notificationCodec } from './notification-codec.ts';
import { notificationsProjection } from './projections/notifications-projection.ts';
import { notifyOnEvents } from './reactions/notify-on-events.ts';

export const NOTIFICATION_PROTO_SERVICE = 'onewindow.notification.v1.NotificationService';

/** The notification service wired from its dependencies and a delivery provider. */
export function createNotificationService(deps: ServiceDependencies & { readonly provider: DeliveryProvider }): ServiceModule {
  const logger = deps.logger.child({ service: 'notification' });
  const notifications = createCommandHandler({ store: deps.store, codec: notificationCodec, decider: notificationDecider, ids: deps.ids });
  const view = new ProjectionRunner<NotificationPayload>({
    projection: notificationsProjection,
    readModels: deps.readModels,
    source: { kind: 'store', store: deps.store, codec: notificationCodec },
    logger,
  });
  return assembleService(deps, {
    name: 'notification',
    services: [
      served({
        name: NOTIFICATION_PROTO_SERVICE,
        definition: NotificationServiceService,
        implementation: notificationRpc({ readModels: deps.readModels, notifications: view, consistencyWaitMs: deps.settings.consistencyWaitMs }),
      }),
    ],
    codec: notificationCodec,
    topic: notificationTopic,
    projections: [view],
    workers: [() => startDispatcher({ store: deps.store, notifications, provider: deps.provider, clock: deps.clock, logger })],
    reactions: [notifyOnEvents(notifications, deps.clock)],
    logger,
  });
}
