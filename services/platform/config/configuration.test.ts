import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfiguration } from './configuration.ts';

describe('configuration', () => {
  it('takes documented defaults when nothing is set', () => {
    const config = loadConfiguration({});
    expect(config.OW_ACCEPTANCE_PORT).toBe(50051);
    expect(config.OW_DATA_DIR).toBe('./data');
    expect(config.OW_CONSISTENCY_WAIT_MS).toBe(2000);
  });

  it('names the variable and the rule of a bad value, without echoing the value', () => {
    const attempt = () =>
      loadConfiguration({ OW_APPROVAL_PORT: 'abc', OW_BUS_PARTITIONS: '2.5', OW_LOG_LEVEL: 'loud', OW_HOST: 'not a host' });
    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/OW_APPROVAL_PORT: must be a whole number from 0 to 65535 \(gRPC port of the approval service/);
      expect(message).toMatch(/OW_BUS_PARTITIONS: must be a whole number from 1 to 256/);
      expect(message).toMatch(/OW_LOG_LEVEL: must be one of fatal, error/);
      expect(message).toMatch(/OW_HOST: must be an IP address or a host name/);
      expect(message).not.toContain('abc');
      expect(message).not.toContain('loud');
    }
  });

  it('checks the notification settings: routes, quiet hours, and what a chosen provider needs', () => {
    const messageOf = (environment: NodeJS.ProcessEnv) => {
      try {
        loadConfiguration(environment);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const bad = messageOf({ OW_NOTIFICATION_ROUTES: 'sms=pigeon', OW_NOTIFICATION_QUIET_HOURS: '22h-8h', OW_NOTIFICATION_WEBHOOK_URL: 'ftp://gateway' });
    expect(bad).toMatch(/OW_NOTIFICATION_WEBHOOK_URL: must be empty or an http:\/\/ or https:\/\/ URL/);
    expect(bad).toMatch(/OW_NOTIFICATION_ROUTES: must be channel=provider pairs/);
    expect(bad).toMatch(/OW_NOTIFICATION_QUIET_HOURS: must be empty or "HH:MM-HH:MM"/);
    const missing = messageOf({ OW_NOTIFICATION_ROUTES: 'sms=webhook,email=smtp', OW_NOTIFICATION_SMTP_URL: 'smtps://user:secret@mail.example.gov.cn:465' });
    expect(missing).toMatch(/OW_NOTIFICATION_WEBHOOK_URL: is required when a channel uses the webhook provider/);
    expect(missing).toMatch(/OW_NOTIFICATION_SMTP_FROM: is required/);
    expect(missing).not.toContain('secret');
    expect(messageOf({ OW_NOTIFICATION_PROVIDER: 'webhook', OW_NOTIFICATION_WEBHOOK_URL: 'https://sms.example.gov.cn/send' })).toBe('');
    const smtp = { OW_NOTIFICATION_SMTP_URL: 'smtp://mail.example.gov.cn', OW_NOTIFICATION_SMTP_FROM: 'noreply@example.gov.cn' };
    expect(messageOf({ ...smtp, OW_NOTIFICATION_ROUTES: 'sms=smtp' })).toMatch(/OW_NOTIFICATION_ROUTES: smtp can only serve the email channel/);
    expect(messageOf({ ...smtp, OW_NOTIFICATION_PROVIDER: 'smtp' })).toMatch(/OW_NOTIFICATION_PROVIDER: must not be smtp/);
    expect(messageOf({ ...smtp, OW_NOTIFICATION_ROUTES: 'email=smtp' })).toBe('');
  });
});
