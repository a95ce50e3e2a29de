import { str } from 'envalid';
import type { SettingsOf } from '../platform/config/load-settings.ts';
import { int, parsedBy, port, urlOf } from '../platform/config/validators.ts';
import { parseRoutes } from './app/providers/provider-routes.ts';
import { parseQuietHours } from './domain/notification/quiet-hours.ts';

export const providerNames = ['file', 'console', 'webhook', 'smtp'] as const;
export type ProviderName = (typeof providerNames)[number];

const httpUrl = urlOf(['http', 'https'], 'must be empty or an http:// or https:// URL');
const smtpUrl = urlOf(['smtp', 'smtps'], 'must be empty or an smtp:// or smtps:// URL');

/** Notification's own settings: providers per channel, retries, quiet hours. */
export const notificationSettings = {
  OW_NOTIFICATION_PORT: port({ default: 50054, desc: 'gRPC port of the notification service; 0 picks a free port.' }),
  OW_NOTIFICATION_PROVIDER: str<ProviderName>({
    choices: providerNames,
    default: 'file',
    desc: 'The provider for every channel not routed elsewhere by OW_NOTIFICATION_ROUTES: "file" (JSON lines in the data directory, for embedded mode), "console" (stdout), "webhook" (an HTTP gateway) or "smtp" (e-mail).',
  }),
  OW_NOTIFICATION_ROUTES: parsedBy((input) => parseRoutes(input, providerNames))({
    default: '',
    desc: 'Providers per channel, e.g. "sms=webhook,app_push=webhook,email=smtp"; channels: sms, app_push, email, hall_screen, staff_inbox.',
  }),
  OW_NOTIFICATION_WEBHOOK_URL: httpUrl({ default: '', desc: 'The HTTP gateway the webhook provider POSTs each message to (JSON, with Idempotency-Key). Required when a channel uses "webhook".' }),
  OW_NOTIFICATION_WEBHOOK_AUTHORIZATION: str({ default: '', desc: 'Value of the Authorization header sent to the gateway, e.g. "Bearer <key>". A secret.' }),
  OW_NOTIFICATION_TIMEOUT_MS: int(100, 120_000)({ default: 10_000, desc: 'How long a provider (the webhook gateway, the SMTP relay) may take to take a message; no answer counts as a temporary failure.' }),
  OW_NOTIFICATION_WEBHOOK_RATE: int(1, 100_000)({ default: 50, desc: 'Most messages handed to the webhook gateway in any second; more wait their turn.' }),
  OW_NOTIFICATION_SMTP_URL: smtpUrl({ default: '', desc: 'The SMTP relay, e.g. "smtps://user:password@mail.example.gov.cn:465". Required when a channel uses "smtp". A secret.' }),
  OW_NOTIFICATION_SMTP_FROM: str({ default: '', desc: 'The From address of e-mails, e.g. "一网通办 <noreply@example.gov.cn>". Required with OW_NOTIFICATION_SMTP_URL.' }),
  OW_NOTIFICATION_SMTP_RATE: int(1, 10_000)({ default: 10, desc: 'Most e-mails handed to the SMTP relay in any second; more wait their turn.' }),
  OW_NOTIFICATION_MAX_ATTEMPTS: int(1, 100)({
    default: 8,
    desc: 'Attempts per message before it is dead-lettered (status FAILED, with the reason); a permanent failure stops at once.',
  }),
  OW_NOTIFICATION_BACKOFF_MS: int(100, 86_400_000)({ default: 30_000, desc: 'Wait after a first failed attempt; it doubles after each further one.' }),
  OW_NOTIFICATION_BACKOFF_CAP_MS: int(100, 86_400_000)({ default: 3_600_000, desc: 'Longest wait between two attempts.' }),
  OW_NOTIFICATION_QUIET_HOURS: parsedBy(parseQuietHours)({
    default: '22:00-08:00',
    desc: 'Daily window (China time, "HH:MM-HH:MM") in which SMS and app push messages wait, to be sent when it ends; e-mail and staff inboxes are not held. Empty: none.',
  }),
};

export type NotificationSettings = SettingsOf<typeof notificationSettings>;

/** Settings that only some choices need: a provider in use must be told where to send. */
export function notificationSettingsProblems(config: NotificationSettings): string[] {
  const routes = parseRoutes(config.OW_NOTIFICATION_ROUTES, providerNames);
  const used = new Set([config.OW_NOTIFICATION_PROVIDER, ...routes.values()]);
  const smtpForOtherChannels = [...routes].some(([channel, provider]) => provider === 'smtp' && channel !== 'email');
  return [
    config.OW_NOTIFICATION_PROVIDER === 'smtp' && 'OW_NOTIFICATION_PROVIDER: must not be smtp, which can only send e-mail; route e-mail with OW_NOTIFICATION_ROUTES=email=smtp',
    smtpForOtherChannels && 'OW_NOTIFICATION_ROUTES: smtp can only serve the email channel',
    used.has('webhook') && !config.OW_NOTIFICATION_WEBHOOK_URL && 'OW_NOTIFICATION_WEBHOOK_URL: is required when a channel uses the webhook provider',
    used.has('smtp') && !config.OW_NOTIFICATION_SMTP_URL && 'OW_NOTIFICATION_SMTP_URL: is required when a channel uses the smtp provider',
    used.has('smtp') && !config.OW_NOTIFICATION_SMTP_FROM && 'OW_NOTIFICATION_SMTP_FROM: is required when a channel uses the smtp provider',
  ].filter((problem): problem is string => typeof problem === 'string' && problem !== '');
}
