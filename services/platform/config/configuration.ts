import { isIP } from 'node:net';
import { type Spec, bool, cleanEnv, makeValidator, str } from 'envalid';
import { parseQuietHours } from '../../notification/domain/notification/quiet-hours.ts';
import { parseRoutes } from '../../notification/app/providers/provider-routes.ts';
import { DEFAULT_CASE_NUMBER_FORMAT, caseNumberFormatProblem } from '../codes/case-number-format.ts';
import { type ChainAlgorithm, DEFAULT_CHAIN_ALGORITHM, chainAlgorithmAvailable, chainAlgorithms } from '../store/hash-chain.ts';

/** An integer within bounds; envalid's `num` would accept "2.5" or "1e9" for a count or a timeout. */
const int = (min: number, max: number) =>
  makeValidator<number>((input) => {
    const value = Number(input);
    if (!/^-?\d+$/.test(input.trim()) || value < min || value > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  });

// 0 asks the operating system for a free port (tests run many platforms side by side).
const port = int(0, 65_535);

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const host = makeValidator<string>((input) => {
  if (isIP(input) === 0 && !HOSTNAME.test(input)) throw new Error('must be an IP address or a host name');
  return input;
});

const caseNumberFormat = makeValidator<string>((input) => {
  const problem = caseNumberFormatProblem(input);
  if (problem) throw new Error(problem);
  return input;
});

/** At least 32 bytes, base64: a key that cannot be guessed. */
const secretKey = makeValidator<string>((input) => {
  if (input !== '' && Buffer.from(input, 'base64').length < 32) throw new Error('must be empty or at least 32 bytes in base64');
  return input;
});

/** Empty, or a URL whose scheme is one of `schemes`; `rule` says which. */
const urlOf = (schemes: readonly string[], rule: string) =>
  makeValidator<string>((input) => {
    if (input !== '' && !schemes.includes(URL.parse(input)?.protocol.slice(0, -1) ?? '')) throw new Error(rule);
    return input;
  });
const httpUrl = urlOf(['http', 'https'], 'must be empty or an http:// or https:// URL');
const smtpUrl = urlOf(['smtp', 'smtps'], 'must be empty or an smtp:// or smtps:// URL');
const mongoUrl = urlOf(['mongodb', 'mongodb+srv'], 'must be empty or a mongodb:// or mongodb+srv:// URL');

/** The identity provider's key set: over TLS, or plain http only on this machine (tests, a local IdP). */
const jwksUrl = makeValidator<string>((input) => {
  if (input === '') return input;
  const url = URL.parse(input);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url?.hostname ?? '');
  if (url?.protocol !== 'https:' && !(url?.protocol === 'http:' && loopback)) throw new Error('must be empty or an https:// URL (http:// only on localhost)');
  return input;
});

/** A value a check relies on: empty would switch the check off. */
const nonEmpty = makeValidator<string>((input) => {
  if (input.trim() === '') throw new Error('must not be empty');
  return input;
});

const quietHours = makeValidator<string>((input) => (parseQuietHours(input), input));

/** sm3 or sha256, and one this Node's OpenSSL can compute (some builds leave SM3 out). */
const chainHash = makeValidator<ChainAlgorithm>((input) => {
  if (!(chainAlgorithms as readonly string[]).includes(input)) throw new Error(`must be one of ${chainAlgorithms.join(', ')}`);
  if (!chainAlgorithmAvailable(input as ChainAlgorithm)) throw new Error(`must be a hash this Node's OpenSSL provides; ${input} is missing from it`);
  return input as ChainAlgorithm;
});

const providerNames = ['file', 'console', 'webhook', 'smtp'] as const;
export type ProviderName = (typeof providerNames)[number];
const routes = makeValidator<string>((input) => (parseRoutes(input, providerNames), input));

const serviceNames = ['acceptance', 'approval', 'supervision', 'notification'] as const;
/** "all", or some of the four services separated by commas. */
const services = makeValidator<string>((input) => {
  const names = input.split(',').map((name) => name.trim());
  if (input !== 'all' && (names.some((name) => !(serviceNames as readonly string[]).includes(name)) || new Set(names).size !== names.length)) {
    throw new Error(`must be "all" or service names separated by commas: ${serviceNames.join(', ')}`);
  }
  return input;
});

const brokers = makeValidator<string>((input) => {
  if (input !== '' && !input.split(',').every((broker) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker.trim()))) {
    throw new Error('must be empty or host:port pairs separated by commas');
  }
  return input;
});

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting of a OneWindow process, read from the environment and validated before anything
 * starts. docs/configuration.md is generated from these descriptions (npm run docs:config).
 */
export const configurationSpec = {
  OW_DATA_DIR: str({
    default: './data',
    desc: 'Directory of the embedded stores: one subdirectory per service plus the bus. Back it up as a whole, with the process stopped.',
  }),
  OW_HOST: host({
    default: '127.0.0.1',
    desc: 'Address the gRPC servers listen on. Use 0.0.0.0 to serve other machines (hall counters, kiosks).',
  }),
  OW_ACCEPTANCE_PORT: port({ default: 50051, desc: 'gRPC port of the acceptance service (一窗受理); 0 picks a free port.' }),
  OW_APPROVAL_PORT: port({ default: 50052, desc: 'gRPC port of the approval service (后台审批); 0 picks a free port.' }),
  OW_SUPERVISION_PORT: port({ default: 50053, desc: 'gRPC port of the supervision service (效能监督); 0 picks a free port.' }),
  OW_NOTIFICATION_PORT: port({ default: 50054, desc: 'gRPC port of the notification service; 0 picks a free port.' }),
  OW_LOG_LEVEL: str<(typeof logLevels)[number]>({ choices: logLevels, default: 'info', desc: 'Least severe log level written (JSON lines on stdout).' }),
  OW_AUTH_MODE: str<'jwt' | 'development'>({
    choices: ['jwt', 'development'] as const,
    default: 'jwt',
    desc: 'How callers are authenticated. "jwt": signed tokens (JWS: ES256, EdDSA, RS256 or PS256) verified with the keys of OW_AUTH_JWKS_URL or OW_AUTH_PUBLIC_KEYS_FILE, or, on the embedded stores with neither set, with the platform\'s own key in OW_DATA_DIR/keys, which `npm run token` signs with. "development": unsigned tokens anyone can forge, for tests only; the process warns at start.',
  }),
  OW_AUTH_JWKS_URL: jwksUrl({
    default: '',
    desc: 'The identity provider\'s JWKS endpoint (https://; http:// on localhost only). Fetched on first use, kept ten minutes, fetched again (at most every 30 s) for a token whose key id it does not know.',
  }),
  OW_AUTH_PUBLIC_KEYS_FILE: str({
    default: '',
    desc: 'A file of trusted public keys, instead of OW_AUTH_JWKS_URL: a JWKS (JSON) or one PEM public key. Read at start.',
  }),
  OW_AUTH_ISSUER: nonEmpty({ default: 'onewindow', desc: 'The `iss` a token must carry: the identity provider\'s issuer. `npm run token` puts it in the tokens it signs.' }),
  OW_AUTH_AUDIENCE: nonEmpty({ default: 'onewindow', desc: 'The `aud` a token must carry: the name the identity provider gives this platform.' }),
  OW_GRPC_TLS_CERT_FILE: str({
    default: '',
    desc: 'PEM certificate chain the gRPC servers present (TLS); with OW_GRPC_TLS_KEY_FILE. Our own tools present it too when they call (npm run demo). Empty: plaintext gRPC.',
  }),
  OW_GRPC_TLS_KEY_FILE: str({ default: '', desc: 'PEM private key of OW_GRPC_TLS_CERT_FILE.' }),
  OW_GRPC_TLS_CLIENT_CA_FILE: str({
    default: '',
    desc: 'PEM CA certificates: when set, the gRPC servers require a client certificate signed by one of them (mutual TLS), and our own tools verify the servers with them.',
  }),
  OW_RPC_TIMEOUT_MS: int(100, 600_000)({
    default: 10_000,
    desc: 'Longest time a call may run on the server; a shorter client deadline wins.',
  }),
  OW_GRPC_MAX_REQUEST_BYTES: int(1024, 64 * 1024 * 1024)({
    default: 1024 * 1024,
    desc: 'Largest request message a gRPC server accepts, in bytes; a larger one is answered RESOURCE_EXHAUSTED before it is read. Materials are references (upload keys, license ids), never file content: the largest legitimate request, a service item at every field\'s limit, stays under half of the 1 MiB default.',
  }),
  OW_RATE_LIMIT_PER_SECOND: int(0, 1_000_000)({
    default: 50,
    desc: 'Calls each caller (token subject) may make per second on average, per service (each service counts for itself, in one process or in many pods); beyond it calls are answered RESOURCE_EXHAUSTED with a RetryInfo. 0 turns the limit off (tests and benches, which drive much load as few callers). The default is far above what a person at a counter or kiosk does and matches what a notification gateway reporting receipts needs (OW_NOTIFICATION_WEBHOOK_RATE).',
  }),
  OW_RATE_LIMIT_BURST: int(1, 1_000_000)({
    default: 100,
    desc: 'Calls each caller may make at once: a window of OW_RATE_LIMIT_BURST / OW_RATE_LIMIT_PER_SECOND seconds allows this many. A page that loads several lists at once stays well within it.',
  }),
  OW_CONSISTENCY_WAIT_MS: int(0, 60_000)({
    default: 2_000,
    desc: 'Longest time a query waits for its read model to reach a consistency token before answering UNAVAILABLE.',
  }),
  OW_SHUTDOWN_GRACE_MS: int(0, 600_000)({
    default: 10_000,
    desc: 'On SIGTERM, time allowed for in-flight calls and event handlers to finish before the process stops anyway.',
  }),
  OW_BUS_PARTITIONS: int(1, 256)({
    default: 4,
    desc: 'Partitions per topic of the embedded bus (events of one case always share a partition).',
  }),
  OW_CASE_NUMBER_FORMAT: caseNumberFormat({
    default: DEFAULT_CASE_NUMBER_FORMAT,
    desc: 'Format of case numbers (办件编号): {region} the handling region, {date} YYYYMMDD (China time), {seq:N} the daily sequence in N digits; at most 50 characters.',
  }),
  OW_HOLDER_KEY: secretKey({
    default: '',
    desc: 'Secret (base64, 32 bytes or more) for holder ids, the keyed hashes that link an applicant\'s cases and materials (一号). Empty: embedded mode creates one in OW_DATA_DIR/keys on first start. Never change it once cases exist.',
  }),
  OW_PII_MASTER_KEY: secretKey({
    default: '',
    desc: 'Master key (base64, 32 bytes or more) that wraps the per-person keys of personal data (ID numbers, phones, names), which are encrypted at rest. Empty: embedded mode creates one in OW_DATA_DIR/keys on first start. Required with OW_STORE=mongodb; keep it in a secret store, apart from the data and its backups. A secret.',
  }),
  OW_PII_CIPHER: str<'aes-256-gcm' | 'sm4-ctr-hmac-sm3'>({
    choices: ['aes-256-gcm', 'sm4-ctr-hmac-sm3'],
    default: 'aes-256-gcm',
    desc: 'Cipher for new personal data: AES-256-GCM, or SM4-CTR with HMAC-SM3 (GB/T 39786 national algorithms). Values sealed before keep their cipher, so it can be changed at any time.',
  }),
  OW_PII_KEY_CACHE_MS: int(0, 3_600_000)({
    default: 60_000,
    desc: 'How long a process keeps a person\'s unwrapped key in memory. After an erasure, other processes stop reading that person\'s data within this time (the process that erases, at once).',
  }),
  OW_DEEMED_ACCEPTANCE_SWEEP_MS: int(100, 86_400_000)({
    default: 60_000,
    desc: 'How often acceptance looks for cases nobody answered within 5 working days, which then count as accepted on the receipt date (视为受理).',
  }),
  OW_SUPERVISION_SWEEP_MS: int(100, 86_400_000)({
    default: 60_000,
    desc: 'How often supervision raises the alerts that fell due and invites ratings for concluded, unrated cases. Each happens once, however often it looks, and after a restart.',
  }),
  OW_NOTIFICATION_PROVIDER: str<ProviderName>({
    choices: providerNames,
    default: 'file',
    desc: 'The provider for every channel not routed elsewhere by OW_NOTIFICATION_ROUTES: "file" (JSON lines in the data directory, for embedded mode), "console" (stdout), "webhook" (an HTTP gateway) or "smtp" (e-mail).',
  }),
  OW_NOTIFICATION_ROUTES: routes({
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
  OW_NOTIFICATION_QUIET_HOURS: quietHours({
    default: '22:00-08:00',
    desc: 'Daily window (China time, "HH:MM-HH:MM") in which SMS and app push messages wait, to be sent when it ends; e-mail and staff inboxes are not held. Empty: none.',
  }),
  OW_SERVICES: services({
    default: 'all',
    desc: 'Which services this process runs: "all" (the all-in-one platform), or some of acceptance, approval, supervision, notification (one process per service needs OW_BUS=kafka).',
  }),
  OW_BUS: str<'embedded' | 'kafka'>({
    choices: ['embedded', 'kafka'] as const,
    default: 'embedded',
    desc: 'How the services exchange events: "embedded" (a durable bus inside the one process) or "kafka" (OW_KAFKA_BROKERS).',
  }),
  OW_KAFKA_BROKERS: brokers({ default: '', desc: 'Kafka bootstrap brokers, "host:port,host:port". Required with OW_BUS=kafka.' }),
  OW_KAFKA_IDEMPOTENT: bool({
    default: true,
    desc: 'Use the idempotent producer (no duplicates from producer retries). Turn off only for brokers that cannot serve it, like librdkafka\'s mock cluster.',
  }),
  OW_KAFKA_CREATE_TOPICS: bool({
    default: false,
    desc: 'Create missing topics (OW_BUS_PARTITIONS partitions each) on start. Off in production, where the manifests in k8s/ create them.',
  }),
  OW_STORE: str<'embedded' | 'mongodb'>({
    choices: ['embedded', 'mongodb'] as const,
    default: 'embedded',
    desc: 'Where each service keeps its events, read models and counters: "embedded" (SQLite files in OW_DATA_DIR) or "mongodb" (a database per service on OW_MONGO_URL; needs OW_BUS=kafka).',
  }),
  OW_MONGO_URL: mongoUrl({ default: '', desc: 'MongoDB connection string of a replica set (transactions need one), e.g. "mongodb://user:password@mongo-0,mongo-1,mongo-2/?replicaSet=rs0". Required with OW_STORE=mongodb. A secret.' }),
  OW_MONGO_DATABASE_PREFIX: str({ default: 'onewindow_', desc: 'Each service\'s database is this prefix plus the service name.' }),
  OW_EVENT_CHAIN_HASH: chainHash({
    default: DEFAULT_CHAIN_ALGORITHM,
    desc: 'Hash that chains each stored event to the one before it in its stream (tamper evidence; `npm run verify-chain` checks the chains): "sm3" (GB/T 32905, what GB/T 39786 expects) or "sha256". Each hash names its algorithm, so a change applies to new events and never breaks the verification of older ones.',
  }),
  OW_KAFKA_NAMESPACE: str({ default: '', desc: 'Prefix of every topic and consumer group name, to keep environments apart on shared brokers (e.g. "staging.").' }),
  OW_KAFKA_SSL: bool({ default: false, desc: 'Connect to the brokers over TLS (the system\'s trusted CAs plus NODE_EXTRA_CA_CERTS).' }),
  OW_KAFKA_SASL_MECHANISM: str<'' | 'plain' | 'scram-sha-256' | 'scram-sha-512'>({
    choices: ['', 'plain', 'scram-sha-256', 'scram-sha-512'] as const,
    default: '',
    desc: 'How the process authenticates to the brokers: empty (not at all), or a SASL mechanism with OW_KAFKA_SASL_USERNAME and OW_KAFKA_SASL_PASSWORD.',
  }),
  OW_KAFKA_SASL_USERNAME: str({ default: '', desc: 'The Kafka user of this service (e.g. a Strimzi KafkaUser). Required with OW_KAFKA_SASL_MECHANISM.' }),
  OW_KAFKA_SASL_PASSWORD: str({ default: '', desc: 'The Kafka user\'s password. Required with OW_KAFKA_SASL_MECHANISM. A secret.' }),
} satisfies Record<string, Spec<unknown>>;

export type Configuration = ReturnType<typeof loadConfiguration>;

/** Raised for invalid settings; its message names each variable and the rule it breaks. */
export class ConfigurationError extends Error {}

/**
 * Validates the environment. Never echoes a value back: later settings hold secrets (keys,
 * passwords), and an error message may end up in a log.
 */
export function loadConfiguration(environment: NodeJS.ProcessEnv = process.env) {
  const config = cleanEnv(environment, configurationSpec, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([name, error]) => {
        const spec = configurationSpec[name as keyof typeof configurationSpec] as Spec<unknown>;
        const rule = spec.choices
          ? `must be one of ${spec.choices.join(', ')}`
          : error instanceof Error && error.message.startsWith('must ')
            ? error.message
            : 'is missing or invalid';
        return `  ${name}: ${rule} (${spec.desc ?? ''})`;
      });
      if (problems.length) throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
    },
  });
  requireProviderSettings(config);
  requireBusSettings(config);
  requireAuthSettings(config);
  return config;
}

/** The services a process runs, from OW_SERVICES. */
export function servicesOf(config: { OW_SERVICES: string }): Array<(typeof serviceNames)[number]> {
  return config.OW_SERVICES === 'all' ? [...serviceNames] : (config.OW_SERVICES.split(',').map((name) => name.trim()) as Array<(typeof serviceNames)[number]>);
}

/** Services in separate processes can only meet on Kafka; MongoDB needs its URL. */
function requireBusSettings(config: {
  OW_SERVICES: string;
  OW_BUS: 'embedded' | 'kafka';
  OW_KAFKA_BROKERS: string;
  OW_KAFKA_SASL_MECHANISM: string;
  OW_KAFKA_SASL_USERNAME: string;
  OW_KAFKA_SASL_PASSWORD: string;
  OW_STORE: 'embedded' | 'mongodb';
  OW_MONGO_URL: string;
  OW_HOLDER_KEY: string;
  OW_PII_MASTER_KEY: string;
}) {
  const problems = [
    config.OW_STORE === 'mongodb' && !config.OW_MONGO_URL && '  OW_MONGO_URL: is required with OW_STORE=mongodb',
    config.OW_STORE === 'mongodb' && servicesOf(config).includes('acceptance') && !config.OW_HOLDER_KEY && '  OW_HOLDER_KEY: is required for acceptance with OW_STORE=mongodb (every process must hash holder ids alike)',
    config.OW_STORE === 'mongodb' && !config.OW_PII_MASTER_KEY && '  OW_PII_MASTER_KEY: is required with OW_STORE=mongodb (every process must read the same personal-data keys)',
    config.OW_STORE === 'mongodb' && config.OW_BUS === 'embedded' && '  OW_BUS: must be kafka with OW_STORE=mongodb (the embedded bus lives on the local disk)',
    config.OW_BUS === 'embedded' && servicesOf(config).length < serviceNames.length && '  OW_BUS: must be kafka when OW_SERVICES runs only some of the services',
    config.OW_BUS === 'kafka' && !config.OW_KAFKA_BROKERS && '  OW_KAFKA_BROKERS: is required with OW_BUS=kafka',
    config.OW_KAFKA_SASL_MECHANISM && !config.OW_KAFKA_SASL_USERNAME && '  OW_KAFKA_SASL_USERNAME: is required with OW_KAFKA_SASL_MECHANISM',
    config.OW_KAFKA_SASL_MECHANISM && !config.OW_KAFKA_SASL_PASSWORD && '  OW_KAFKA_SASL_PASSWORD: is required with OW_KAFKA_SASL_MECHANISM',
  ].filter(Boolean);
  if (problems.length) throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
}

/** Signed tokens need keys to trust; TLS needs a certificate and its key together. */
function requireAuthSettings(config: {
  OW_AUTH_MODE: 'jwt' | 'development';
  OW_AUTH_JWKS_URL: string;
  OW_AUTH_PUBLIC_KEYS_FILE: string;
  OW_STORE: 'embedded' | 'mongodb';
  OW_GRPC_TLS_CERT_FILE: string;
  OW_GRPC_TLS_KEY_FILE: string;
  OW_GRPC_TLS_CLIENT_CA_FILE: string;
}) {
  const jwt = config.OW_AUTH_MODE === 'jwt';
  const sources = [config.OW_AUTH_JWKS_URL, config.OW_AUTH_PUBLIC_KEYS_FILE].filter(Boolean).length;
  const problems = [
    jwt && sources > 1 && '  OW_AUTH_JWKS_URL: set it or OW_AUTH_PUBLIC_KEYS_FILE, not both',
    // The local key lives in one data directory; the processes of a MongoDB installation do not share one.
    jwt && sources === 0 && config.OW_STORE === 'mongodb' &&
      '  OW_AUTH_JWKS_URL: OW_AUTH_MODE=jwt needs a key source: OW_AUTH_JWKS_URL or OW_AUTH_PUBLIC_KEYS_FILE (the local key in OW_DATA_DIR/keys serves the embedded stores only)',
    !jwt && sources > 0 && '  OW_AUTH_MODE: must be jwt when OW_AUTH_JWKS_URL or OW_AUTH_PUBLIC_KEYS_FILE is set (development tokens are never verified)',
    Boolean(config.OW_GRPC_TLS_CERT_FILE) !== Boolean(config.OW_GRPC_TLS_KEY_FILE) && '  OW_GRPC_TLS_KEY_FILE: OW_GRPC_TLS_CERT_FILE and OW_GRPC_TLS_KEY_FILE go together',
    config.OW_GRPC_TLS_CLIENT_CA_FILE && !config.OW_GRPC_TLS_CERT_FILE && '  OW_GRPC_TLS_CLIENT_CA_FILE: needs OW_GRPC_TLS_CERT_FILE and OW_GRPC_TLS_KEY_FILE (mutual TLS is TLS first)',
  ].filter(Boolean);
  if (problems.length) throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
}

/** Settings that only some choices need: a provider in use must be told where to send. */
function requireProviderSettings(config: { OW_NOTIFICATION_PROVIDER: ProviderName; OW_NOTIFICATION_ROUTES: string; OW_NOTIFICATION_WEBHOOK_URL: string; OW_NOTIFICATION_SMTP_URL: string; OW_NOTIFICATION_SMTP_FROM: string }) {
  const routes = parseRoutes(config.OW_NOTIFICATION_ROUTES, providerNames);
  const used = new Set([config.OW_NOTIFICATION_PROVIDER, ...routes.values()]);
  const smtpForOtherChannels = [...routes].some(([channel, provider]) => provider === 'smtp' && channel !== 'email');
  const problems = [
    config.OW_NOTIFICATION_PROVIDER === 'smtp' && '  OW_NOTIFICATION_PROVIDER: must not be smtp, which can only send e-mail; route e-mail with OW_NOTIFICATION_ROUTES=email=smtp',
    smtpForOtherChannels && '  OW_NOTIFICATION_ROUTES: smtp can only serve the email channel',
    used.has('webhook') && !config.OW_NOTIFICATION_WEBHOOK_URL && '  OW_NOTIFICATION_WEBHOOK_URL: is required when a channel uses the webhook provider',
    used.has('smtp') && !config.OW_NOTIFICATION_SMTP_URL && '  OW_NOTIFICATION_SMTP_URL: is required when a channel uses the smtp provider',
    used.has('smtp') && !config.OW_NOTIFICATION_SMTP_FROM && '  OW_NOTIFICATION_SMTP_FROM: is required when a channel uses the smtp provider',
  ].filter(Boolean);
  if (problems.length) throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
}
