import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { decodeStored } from '../../platform/messaging/integration-message.ts';
import { reactionContext } from '../../platform/messaging/reaction.ts';
import type { Stoppable } from '../../platform/runtime/background-work.ts';
import type { EventStore } from '../../platform/store/event-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { NotificationCommand, NotificationState } from '../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, type NotificationEvent, notificationStreamId } from '../domain/notification/notification-events.ts';
import type { DeliveryProvider } from './delivery-provider.ts';
import { notificationCodec } from './notification-codec.ts';

/**
 * Hands queued notifications to the provider and records each delivery. It follows notification's
 * own store from a checkpoint; a notification already delivered is skipped, and the provider is
 * idempotent on the notification id, so a restart after a crash sends nothing twice.
 */
export async function startDispatcher(options: {
  store: EventStore;
  notifications: CommandHandler<NotificationCommand, NotificationEvent, NotificationState>;
  provider: DeliveryProvider;
  clock: Clock;
  logger: Logger;
}): Promise<Stoppable> {
  const { store, notifications, provider, clock, logger } = options;
  const checkpoint = 'dispatcher';
  const subscription = store.subscribe(
    {
      after: await store.loadCheckpoint(checkpoint),
      onError: (error, attempt) => logger.warn({ err: error, attempt }, 'delivery failed; retrying'),
      onFailure: (error) => logger.fatal({ err: error }, 'dispatcher stopped: the store cannot be read'),
    },
    async (batch) => {
      for (const stored of batch) {
        const event = decodeStored(notificationCodec, stored);
        if (event.payload.$case !== 'notificationQueued') continue;
        const queued = event.payload.value;
        const streamId = notificationStreamId(queued.notificationId);
        if ((await notifications.load(streamId)).state.status === 'delivered') continue;
        const { receipt } = await provider.send({ notificationId: queued.notificationId, channel: queued.channel, address: queued.address, text: queued.text });
        const { context, now } = reactionContext('notification', event, clock);
        await notifications.handle({
          streamId,
          streamType: NOTIFICATION_STREAM_TYPE,
          command: { type: 'RecordDelivery', provider: provider.name, receipt },
          context,
          now,
        });
      }
      await store.saveCheckpoint(checkpoint, batch[batch.length - 1]!.position);
    },
  );
  return { stop: () => subscription.close() };
}
