import { join } from 'node:path';
import type { DeliveryChannel } from '../../../../generated/onewindow/notification/v1/notification.ts';
import { type NotificationSettings, type ProviderName, providerNames } from '../../settings.ts';
import { channelNames } from '../channel-names.ts';
import type { DeliveryProvider } from '../delivery-provider.ts';
import { ConsoleDeliveryProvider } from './console-provider.ts';
import { FileDeliveryProvider } from './file-provider.ts';
import { parseRoutes } from './provider-routes.ts';
import { SmtpDeliveryProvider } from './smtp-provider.ts';
import { throttled } from './throttled-provider.ts';
import { WebhookDeliveryProvider } from './webhook-provider.ts';

export interface ConfiguredProviders {
  readonly providerFor: (channel: DeliveryChannel) => DeliveryProvider;
  close(): Promise<void>;
}

/**
 * The providers the configuration asks for, one instance each (so each has one rate limit), and
 * the route from each channel to its provider.
 */
export function configuredProviders(config: NotificationSettings, dataDir: string): ConfiguredProviders {
  const routes = parseRoutes(config.OW_NOTIFICATION_ROUTES, providerNames);
  const made = new Map<ProviderName, DeliveryProvider>();
  const make = (name: ProviderName): DeliveryProvider => {
    switch (name) {
      case 'file':
        return new FileDeliveryProvider(join(dataDir, 'notification', 'outbox.jsonl'));
      case 'console':
        return new ConsoleDeliveryProvider();
      case 'webhook':
        return throttled(
          new WebhookDeliveryProvider({
            url: config.OW_NOTIFICATION_WEBHOOK_URL,
            authorization: config.OW_NOTIFICATION_WEBHOOK_AUTHORIZATION,
            timeoutMs: config.OW_NOTIFICATION_TIMEOUT_MS,
          }),
          config.OW_NOTIFICATION_WEBHOOK_RATE,
        );
      case 'smtp':
        return throttled(
          new SmtpDeliveryProvider({ url: config.OW_NOTIFICATION_SMTP_URL, from: config.OW_NOTIFICATION_SMTP_FROM, timeoutMs: config.OW_NOTIFICATION_TIMEOUT_MS }),
          config.OW_NOTIFICATION_SMTP_RATE,
        );
    }
  };
  const provider = (name: ProviderName) => made.get(name) ?? made.set(name, make(name)).get(name)!;
  return {
    providerFor: (channel) => {
      const name = channelNames[channel];
      return provider((name !== 'unspecified' && routes.get(name)) || config.OW_NOTIFICATION_PROVIDER);
    },
    async close() {
      for (const each of made.values()) await each.close?.();
    },
  };
}
