import { NotificationEvent } from '../../../generated/onewindow/notification/v1/events.ts';
import { createEventCodec } from '../../platform/events/event-codec.ts';

export const notificationCodec = createEventCodec(NotificationEvent);
