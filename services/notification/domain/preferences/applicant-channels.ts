import type { DeliveryChannel } from '../../../../generated/onewindow/notification/v1/notification.ts';
import type { PreferencesState } from './preferences-decider.ts';

export interface ChannelAddress {
  readonly channel: DeliveryChannel;
  readonly address: string;
}

/**
 * Where an applicant's message goes: each channel they chose that has an address, or, with no
 * choice made, an SMS to the phone number given with the application.
 */
export function applicantChannels(preferences: PreferencesState, phone: string): ChannelAddress[] {
  const addressOf = (channel: DeliveryChannel): string => {
    switch (channel) {
      case 'DELIVERY_CHANNEL_SMS':
        return phone;
      case 'DELIVERY_CHANNEL_EMAIL':
        return preferences?.email ?? '';
      case 'DELIVERY_CHANNEL_APP_PUSH':
        return preferences?.pushToken ?? '';
      default:
        return '';
    }
  };
  const channels = preferences?.channels ?? ['DELIVERY_CHANNEL_SMS'];
  return channels.map((channel) => ({ channel, address: addressOf(channel) })).filter(({ address }) => address !== '');
}
