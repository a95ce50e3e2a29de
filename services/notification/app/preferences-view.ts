import type { NotificationPreferences } from '../../../generated/onewindow/notification/v1/notification.ts';
import { maskAddress } from '../../platform/privacy/mask-personal-data.ts';
import type { PreferencesState } from '../domain/preferences/preferences-decider.ts';

/** The e-mail address shows masked even to its owner (as account settings pages do); the push token not at all. */
export const preferencesView = (state: PreferencesState): NotificationPreferences =>
  state
    ? { channels: state.channels, email: state.email ? maskAddress(state.email) : '', hasPushToken: state.pushToken !== '' }
    : { channels: ['DELIVERY_CHANNEL_SMS'], email: '', hasPushToken: false };
