import type { NotificationQueued } from '../../../../generated/onewindow/notification/v1/events.ts';
import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import { type Reaction, reactionContext } from '../../../platform/messaging/reaction.ts';
import { type AcceptancePayload, type ApprovalPayload, type SupervisionPayload, acceptanceTopic, approvalTopic, supervisionTopic } from '../../../contracts/topics.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { NotificationCommand, NotificationState } from '../../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, type NotificationEvent, notificationIdOf, notificationStreamId } from '../../domain/notification/notification-events.ts';
import { type ChannelAddress, applicantChannels } from '../../domain/preferences/applicant-channels.ts';
import { type PreferencesState, type SetPreferences, preferencesStreamId } from '../../domain/preferences/preferences-decider.ts';
import { type MessageIntent, messagesFor } from '../notification-rules.ts';
import { render } from '../templates.ts';

type SourceEvent = EventEnvelope<AcceptancePayload | ApprovalPayload | SupervisionPayload>;

/**
 * Turns acceptance's, approval's and supervision's events into queued notifications: each message
 * an event calls for, rendered once, on each channel its recipient takes (an applicant's
 * preferences at the time; a staff inbox). A notification's stream is named by (source event,
 * recipient, channel), so a redelivered event queues nothing new.
 */
export function notifyOnEvents(options: {
  notifications: CommandHandler<NotificationCommand, NotificationEvent, NotificationState>;
  preferences: CommandHandler<SetPreferences, NotificationEvent, PreferencesState>;
  clock: Clock;
}): Reaction<AcceptancePayload | ApprovalPayload | SupervisionPayload> {
  const { notifications, preferences, clock } = options;
  const targetsOf = async ({ recipient }: MessageIntent): Promise<ChannelAddress[]> =>
    recipient.kind === 'applicant'
      ? applicantChannels((await preferences.load(preferencesStreamId(recipient.subject))).state, recipient.phone)
      : [{ channel: 'DELIVERY_CHANNEL_STAFF_INBOX', address: recipient.inbox }];

  return {
    name: 'notify-on-events',
    topics: [acceptanceTopic, approvalTopic, supervisionTopic],
    async react(event) {
      for (const intent of messagesFor(event)) {
        const text = render(intent.template, intent.values);
        for (const target of await targetsOf(intent)) {
          const notification = queuedFor(event, intent, target, text);
          const { context, now } = reactionContext('notification', event, clock);
          await notifications.handle({
            streamId: notificationStreamId(notification.notificationId),
            streamType: NOTIFICATION_STREAM_TYPE,
            command: { type: 'QueueNotification', notification },
            context,
            now,
          });
        }
      }
    },
  };
}

function queuedFor(event: SourceEvent, { template, recipient }: MessageIntent, target: ChannelAddress, text: string): NotificationQueued {
  const subject = recipient.kind === 'applicant' ? recipient.subject : recipient.inbox;
  return {
    notificationId: notificationIdOf(event.eventId, subject, target.channel),
    caseNumber: event.correlationId,
    sourceEventId: event.eventId,
    sourceEventType: event.eventType,
    recipientKind: recipient.kind === 'applicant' ? 'RECIPIENT_KIND_APPLICANT' : 'RECIPIENT_KIND_STAFF',
    recipientSubject: subject,
    address: target.address,
    channel: target.channel,
    templateId: template.id,
    templateVersion: template.version,
    title: template.title,
    text,
  };
}
