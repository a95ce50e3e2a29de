import { countsByField, enumValues } from '../platform/telemetry/metrics.ts';
import { type DeliveryChannel, NotificationStatus } from '../../generated/onewindow/notification/v1/notification.ts';
import { NotificationServiceService } from '../../generated/onewindow/notification/v1/notification_service.ts';
import { createCommandHandler } from '../platform/app/command-handler.ts';
import { served } from '../platform/grpc/rpc-server.ts';
import { type NotificationPayload, notificationTopic } from '../contracts/topics.ts';
import { ProjectionRunner } from '../platform/projection/projection-runner.ts';
import { assembleService } from '../platform/service/assemble-service.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/service/service-module.ts';
import type { DeliveryPolicy } from './domain/notification/delivery-policy.ts';
import { notificationDecider } from './domain/notification/notification-decider.ts';
import type { QuietHours } from './domain/notification/quiet-hours.ts';
import { preferencesDecider } from './domain/preferences/preferences-decider.ts';
import { notificationRpcs } from './grpc/notification-rpcs.ts';
import type { NotificationApp } from './app/notification-app.ts';
import type { DeliveryProvider } from './app/delivery-provider.ts';
import { Dispatcher, wakeOnQueued } from './app/dispatcher.ts';
import { notificationCodec } from './app/notification-codec.ts';
import { NOTIFICATIONS, notificationsProjection } from './app/projections/notifications-projection.ts';
import { notifyOnEvents } from './app/reactions/notify-on-events.ts';

export const NOTIFICATION_PROTO_SERVICE = 'onewindow.notification.v1.NotificationService';

export interface NotificationSettings {
  readonly providerFor: (channel: DeliveryChannel) => DeliveryProvider;
  readonly policy: DeliveryPolicy;
  readonly quietHours: QuietHours | undefined;
}

/** The notification service wired from its dependencies, its providers and its delivery rules. */
export function createNotificationService(deps: ServiceDependencies & NotificationSettings): ServiceModule {
  const logger = deps.logger.child({ service: 'notification' });
  const notifications = createCommandHandler({ store: deps.store, codec: notificationCodec, decider: notificationDecider, ids: deps.ids });
  const preferences = createCommandHandler({ store: deps.store, codec: notificationCodec, decider: preferencesDecider, ids: deps.ids });
  const view = new ProjectionRunner<NotificationPayload>({
    projection: notificationsProjection,
    readModels: deps.readModels,
    source: { kind: 'store', store: deps.store, codec: notificationCodec },
    logger,
  });
  const dispatcher = new Dispatcher({
    notifications,
    readModels: deps.readModels,
    providerFor: deps.providerFor,
    policy: deps.policy,
    quietHours: deps.quietHours,
    clock: deps.clock,
    logger,
    personalData: deps.personalData,
  });
  const app: NotificationApp = {
    notifications,
    preferences,
    readModels: deps.readModels,
    view,
    clock: deps.clock,
    consistencyWaitMs: deps.settings.consistencyWaitMs,
    personalData: deps.personalData,
  };
  return assembleService(deps, {
    name: 'notification',
    services: [
      served({
        name: NOTIFICATION_PROTO_SERVICE,
        definition: NotificationServiceService,
        implementation: notificationRpcs(app),
      }),
    ],
    codec: notificationCodec,
    topic: notificationTopic,
    projections: [view],
    // Woken by every applied batch: a queued message is tried as soon as it is in the queue. On a
    // shared store another replica may own the view, so the owner of the dispatcher also looks often.
    workers: [{ name: 'dispatcher', start: async (tenure) => dispatcher.start(wakeOnQueued(view, deps.readModels.sharedBetweenProcesses), tenure) }],
    reactions: [notifyOnEvents({ notifications, preferences, clock: deps.clock })],
    gauges: [
      countsByField({
        name: 'onewindow.notifications',
        description: 'Notifications by outcome: queued, deferred, sent, delivered, retrying, failed (dead letter).',
        unit: '{notification}',
        readModels: deps.readModels,
        collection: NOTIFICATIONS,
        field: 'notification.status',
        values: enumValues(NotificationStatus),
        label: 'ow.notification_status',
      }),
    ],
    logger,
  });
}
