import { createHash } from 'node:crypto';
import type { NotificationPayload } from '../notification-payload.ts';

/** Notification's events: of notification streams ("notification-<id>") and preference streams. */
export type NotificationEvent = NotificationPayload;

export const notificationStreamId = (notificationId: string) => `notification-${notificationId}`;
export const NOTIFICATION_STREAM_TYPE = 'notification';

/**
 * The id of the one notification a source event makes for a recipient on a channel. Derived, not
 * random: however often the source event is delivered, it names the same stream, which exists once.
 */
export function notificationIdOf(sourceEventId: string, recipientSubject: string, channel: string): string {
  return createHash('sha256').update(`${sourceEventId}\n${recipientSubject}\n${channel}`).digest('base64url').slice(0, 26);
}
