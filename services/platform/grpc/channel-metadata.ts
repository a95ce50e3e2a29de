import { ValidationError } from '../domain/errors.ts';
import type { Channel } from '../security/caller.ts';

export const CHANNEL_METADATA_KEY = 'ow-channel';

const channels: Readonly<Record<string, Channel>> = {
  counter: 'CHANNEL_COUNTER',
  pc: 'CHANNEL_PC',
  mobile: 'CHANNEL_MOBILE',
  kiosk: 'CHANNEL_KIOSK',
  hotline: 'CHANNEL_HOTLINE',
  mail: 'CHANNEL_MAIL',
};

/** The channel a frontend names in the `ow-channel` metadata entry; absent means unspecified. */
export function channelFromMetadata(value: string | undefined): Channel {
  if (value === undefined || value === '') return 'CHANNEL_UNSPECIFIED';
  // Own keys only: "toString" or "__proto__" must not pass for a channel.
  const channel = Object.hasOwn(channels, value) ? channels[value] : undefined;
  if (!channel) {
    throw ValidationError.field(`metadata.${CHANNEL_METADATA_KEY}`, `must be one of ${Object.keys(channels).join(', ')}`);
  }
  return channel;
}
