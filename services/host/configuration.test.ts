import { describe, expect, it } from 'vitest';
import { ConfigurationError, consoleEndpointsOf, loadConfiguration } from './configuration.ts';
import { consolePortOf } from './web-endpoint.ts';

/** What loading the configuration from an environment says is wrong with it; '' when nothing. */
function messageOf(environment: NodeJS.ProcessEnv): string {
  try {
    loadConfiguration(environment);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

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

  it('checks authentication and TLS: signed tokens by default, each needing keys to trust', () => {
    expect(loadConfiguration({}).OW_AUTH_MODE).toBe('jwt');
    const key = Buffer.alloc(32, 7).toString('base64');
    const mongo = { OW_STORE: 'mongodb', OW_BUS: 'kafka', OW_KAFKA_BROKERS: 'kafka:9092', OW_MONGO_URL: 'mongodb://mongodb/?replicaSet=rs0', OW_HOLDER_KEY: key, OW_PII_MASTER_KEY: key };
    expect(messageOf(mongo)).toMatch(/OW_AUTH_JWKS_URL: OW_AUTH_MODE=jwt needs a key source: OW_AUTH_JWKS_URL or OW_AUTH_PUBLIC_KEYS_FILE \(the local key/);
    expect(messageOf({ ...mongo, OW_AUTH_JWKS_URL: 'https://idp.example.gov.cn/certs' })).toBe('');
    expect(messageOf({ ...mongo, OW_AUTH_PUBLIC_KEYS_FILE: '/etc/onewindow/token-keys/jwks.json' })).toBe('');
    expect(messageOf({ ...mongo, OW_AUTH_MODE: 'development' })).toBe('');
    expect(messageOf({ OW_AUTH_JWKS_URL: 'https://idp.example.gov.cn/certs', OW_AUTH_PUBLIC_KEYS_FILE: '/keys.json' })).toMatch(/set it or OW_AUTH_PUBLIC_KEYS_FILE, not both/);
    expect(messageOf({ OW_AUTH_MODE: 'development', OW_AUTH_PUBLIC_KEYS_FILE: '/keys.json' })).toMatch(/OW_AUTH_MODE: must be jwt when/);
    expect(messageOf({ OW_AUTH_MODE: 'oauth' })).toMatch(/OW_AUTH_MODE: must be one of jwt, development/);
    // Keys over plain http could be swapped on the way: only on this machine.
    expect(messageOf({ OW_AUTH_JWKS_URL: 'http://idp.example.gov.cn/certs' })).toMatch(/OW_AUTH_JWKS_URL: must be empty or an https:\/\/ URL \(http:\/\/ only on localhost\)/);
    expect(messageOf({ OW_AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' })).toBe('');
    expect(messageOf({ OW_AUTH_ISSUER: ' ' })).toMatch(/OW_AUTH_ISSUER: must not be empty/);
    expect(messageOf({ OW_GRPC_TLS_CERT_FILE: '/tls/tls.crt' })).toMatch(/OW_GRPC_TLS_KEY_FILE: OW_GRPC_TLS_CERT_FILE and OW_GRPC_TLS_KEY_FILE go together/);
    expect(messageOf({ OW_GRPC_TLS_CLIENT_CA_FILE: '/tls/ca.crt' })).toMatch(/OW_GRPC_TLS_CLIENT_CA_FILE: needs OW_GRPC_TLS_CERT_FILE/);
    expect(messageOf({ OW_GRPC_TLS_CERT_FILE: '/tls/tls.crt', OW_GRPC_TLS_KEY_FILE: '/tls/tls.key', OW_GRPC_TLS_CLIENT_CA_FILE: '/tls/ca.crt' })).toBe('');
  });

  it('chains events with SM3 unless told sha256, and refuses any other hash', () => {
    expect(loadConfiguration({}).OW_EVENT_CHAIN_HASH).toBe('sm3');
    expect(loadConfiguration({ OW_EVENT_CHAIN_HASH: 'sha256' }).OW_EVENT_CHAIN_HASH).toBe('sha256');
    expect(() => loadConfiguration({ OW_EVENT_CHAIN_HASH: 'md5' })).toThrow(/OW_EVENT_CHAIN_HASH: must be one of sm3, sha256/);
  });

  it('serves the console on 8081 under npm start only, and wants to know where the services it calls are when this process does not run them', () => {
    const supervisionAlone = { OW_SERVICES: 'supervision', OW_BUS: 'kafka', OW_KAFKA_BROKERS: 'kafka:9092' };
    expect(consolePortOf(loadConfiguration({}))).toBe(8081);
    expect(consolePortOf(loadConfiguration(supervisionAlone))).toBeUndefined();
    expect(messageOf({ ...supervisionAlone, OW_CONSOLE_PORT: '8081' })).toMatch(/OW_CONSOLE_ENDPOINTS: the console calls acceptance, which this process does not run/);
    const config = loadConfiguration({ ...supervisionAlone, OW_CONSOLE_PORT: '8081', OW_CONSOLE_ENDPOINTS: 'acceptance=acceptance:50051' });
    expect(consoleEndpointsOf(config)).toEqual({ acceptance: 'acceptance:50051' });
    expect(messageOf({ OW_CONSOLE_ENDPOINTS: 'acceptance=acceptance' })).toMatch(/OW_CONSOLE_ENDPOINTS: must be service=host:port pairs separated by commas/);
    expect(messageOf({ OW_CONSOLE_ENDPOINTS: 'billing=billing:50059' })).toMatch(/OW_CONSOLE_ENDPOINTS: must be service=host:port pairs/);
  });
});
