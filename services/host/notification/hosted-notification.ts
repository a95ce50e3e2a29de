import { configuredProviders } from '../../notification/app/providers/configured-providers.ts';
import { parseQuietHours } from '../../notification/domain/notification/quiet-hours.ts';
import { createNotificationService } from '../../notification/notification-service.ts';
import type { HostedService } from '../hosted-service.ts';

/** Notification as the host builds it: the providers the configuration routes each channel to. */
export const hostedNotification: HostedService = {
  name: 'notification',
  port: (config) => config.OW_NOTIFICATION_PORT,
  async create(deps, config, onClose) {
    const providers = configuredProviders(config, config.OW_DATA_DIR);
    onClose(() => providers.close());
    return createNotificationService({
      ...deps,
      providerFor: providers.providerFor,
      policy: {
        maxAttempts: config.OW_NOTIFICATION_MAX_ATTEMPTS,
        backoffBaseMs: config.OW_NOTIFICATION_BACKOFF_MS,
        backoffCapMs: config.OW_NOTIFICATION_BACKOFF_CAP_MS,
      },
      quietHours: parseQuietHours(config.OW_NOTIFICATION_QUIET_HOURS),
    });
  },
};
