import { NotificationServiceService } from '../../../generated/onewindow/notification/v1/notification_service.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { RpcServer } from '../../platform/grpc/rpc-server.ts';
import { startOutboxRelay } from '../../platform/messaging/outbox-relay.ts';
import { startReaction } from '../../platform/messaging/reaction.ts';
import { type NotificationPayload, notificationTopic } from '../../platform/messaging/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { BackgroundWork } from '../../platform/runtime/background-work.ts';
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
  const server = new RpcServer({
    serviceName: NOTIFICATION_PROTO_SERVICE,
    definition: NotificationServiceService,
    implementation: notificationRpc({ readModels: deps.readModels, notifications: view, consistencyWaitMs: deps.settings.consistencyWaitMs }),
    identity: deps.identity,
    logger,
    rpcTimeoutMs: deps.settings.rpcTimeoutMs,
  });
  const background = new BackgroundWork();
  return {
    name: 'notification',
    protoService: NOTIFICATION_PROTO_SERVICE,
    server: server as RpcServer<never>,
    projections: [view],
    start: () =>
      background.start(
        () => startOutboxRelay({ store: deps.store, codec: notificationCodec, topic: notificationTopic, bus: deps.bus, logger }),
        async () => (await view.start(), view),
        () => startDispatcher({ store: deps.store, notifications, provider: deps.provider, clock: deps.clock, logger }),
        () => startReaction({ service: 'notification', reaction: notifyOnEvents(notifications, deps.clock), bus: deps.bus, logger }),
      ),
    stop: () => background.stop(),
  };
}
