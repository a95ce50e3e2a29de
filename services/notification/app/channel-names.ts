import type { DeliveryChannel } from '../../../generated/onewindow/notification/v1/notification.ts';

/** Channels as configuration and gateways name them. */
export const channelNames = {
  DELIVERY_CHANNEL_SMS: 'sms',
  DELIVERY_CHANNEL_APP_PUSH: 'app_push',
  DELIVERY_CHANNEL_EMAIL: 'email',
  DELIVERY_CHANNEL_HALL_SCREEN: 'hall_screen',
  DELIVERY_CHANNEL_STAFF_INBOX: 'staff_inbox',
  DELIVERY_CHANNEL_UNSPECIFIED: 'unspecified',
  UNRECOGNIZED: 'unspecified',
} as const satisfies Record<DeliveryChannel, string>;

export type ChannelName = Exclude<(typeof channelNames)[DeliveryChannel], 'unspecified'>;
