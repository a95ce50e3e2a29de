import { type ChannelName, channelNames } from '../channel-names.ts';

const CHANNELS = new Set<string>(Object.values(channelNames).filter((name) => name !== 'unspecified'));

/**
 * "sms=webhook,email=smtp" → channel → provider. Throws an error naming the rule for anything
 * else: an unknown channel or provider, or a channel routed twice.
 */
export function parseRoutes<P extends string>(text: string, providers: readonly P[]): Map<ChannelName, P> {
  const routes = new Map<ChannelName, P>();
  for (const pair of text.split(',').filter((part) => part.trim() !== '')) {
    const [channel = '', provider = '', ...rest] = pair.trim().split('=');
    if (rest.length || !CHANNELS.has(channel) || !providers.includes(provider as P) || routes.has(channel as ChannelName)) {
      throw new Error(`must be channel=provider pairs separated by commas, each channel once; channels: ${[...CHANNELS].join(', ')}; providers: ${providers.join(', ')}`);
    }
    routes.set(channel as ChannelName, provider as P);
  }
  return routes;
}
