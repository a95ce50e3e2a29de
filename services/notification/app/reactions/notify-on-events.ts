import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { type Reaction, reactionContext } from '../../../platform/messaging/reaction.ts';
import { type AcceptancePayload, type ApprovalPayload, type SupervisionPayload, acceptanceTopic, approvalTopic, supervisionTopic } from '../../../platform/messaging/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { NotificationCommand, NotificationState } from '../../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, type NotificationEvent, notificationStreamId } from '../../domain/notification/notification-events.ts';
import { notificationsFor } from '../notification-rules.ts';

/**
 * Turns acceptance's, approval's and supervision's events into queued notifications. Each notification's stream
 * is named by (source event, recipient, channel), so a redelivered event queues nothing new.
 */
export function notifyOnEvents(
  notifications: CommandHandler<NotificationCommand, NotificationEvent, NotificationState>,
  clock: Clock,
): Reaction<AcceptancePayload | ApprovalPayload | SupervisionPayload> {
  return {
    name: 'notify-on-events',
    topics: [acceptanceTopic, approvalTopic, supervisionTopic],
    async react(event) {
      for (const notification of notificationsFor(event)) {
        const { context, now } = reactionContext('notification', event, clock);
        await notifications.handle({
          streamId: notificationStreamId(notification.notificationId),
          streamType: NOTIFICATION_STREAM_TYPE,
          command: { type: 'QueueNotification', notification },
          context,
          now,
        });
      }
    },
  };
}
