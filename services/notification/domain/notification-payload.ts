import type { NotificationEvent } from '../../../generated/onewindow/notification/v1/events.ts';

/** Every event notification records: the payloads of its own contract (proto/onewindow/notification/v1/events.proto). */
export type NotificationPayload = NonNullable<NotificationEvent['payload']>;
