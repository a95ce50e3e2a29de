import { type Spec, bool, makeValidator, str } from 'envalid';
import { type ChainAlgorithm, DEFAULT_CHAIN_ALGORITHM, chainAlgorithmAvailable, chainAlgorithms } from '../store/hash-chain.ts';
import type { SettingsOf } from './load-settings.ts';
import { host, int, nonEmpty, secretKey, urlOf } from './validators.ts';

const mongoUrl = urlOf(['mongodb', 'mongodb+srv'], 'must be empty or a mongodb:// or mongodb+srv:// URL');
const postgresUrl = urlOf(['postgresql', 'postgres'], 'must be empty or a postgresql:// URL');

/** The identity provider's key set: over TLS, or plain http only on this machine (tests, a local IdP). */
const jwksUrl = makeValidator<string>((input) => {
  if (input === '') return input;
  const url = URL.parse(input);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url?.hostname ?? '');
  if (url?.protocol !== 'https:' && !(url?.protocol === 'http:' && loopback)) throw new Error('must be empty or an https:// URL (http:// only on localhost)');
  return input;
});

/** sm3 or sha256, and one this Node's OpenSSL can compute (some builds leave SM3 out). */
const chainHash = makeValidator<ChainAlgorithm>((input) => {
  if (!(chainAlgorithms as readonly string[]).includes(input)) throw new Error(`must be one of ${chainAlgorithms.join(', ')}`);
  if (!chainAlgorithmAvailable(input as ChainAlgorithm)) throw new Error(`must be a hash this Node's OpenSSL provides; ${input} is missing from it`);
  return input as ChainAlgorithm;
});

const brokers = makeValidator<string>((input) => {
  if (input !== '' && !input.split(',').every((broker) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker.trim()))) {
    throw new Error('must be empty or host:port pairs separated by commas');
  }
  return input;
});

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The settings every OneWindow process has, whichever services it runs: where data lives, how
 * callers are authenticated, the gRPC servers' limits, the bus and the store. Each service adds its
 * own (services/<service>/settings.ts); the host puts them together (services/host/configuration.ts).
 */
export const platformSettings = {
  OW_DATA_DIR: str({
    default: './data',
    desc: 'Directory of the embedded stores: one subdirectory per service plus the bus. Back it up as a whole, with the process stopped.',
  }),
  OW_HOST: host({
    default: '127.0.0.1',
    desc: 'Address the gRPC servers listen on. Use 0.0.0.0 to serve other machines (hall counters, kiosks).',
  }),
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
  OW_STAFF_MUST_BE_LISTED: bool({
    default: false,
    desc: 'Whether a staff token (clerk, approver, supervisor) is refused when its account has no post in the directory (npm run import -- directory). Off, only accounts that have a post are checked against it: role, region, department, hall and window as the post says, refused once it is marked 离岗. Turn it on once the directory holds every post; operators without a post are let in either way, since they import the directory.',
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
  OW_PII_MASTER_KEY: secretKey({
    default: '',
    desc: 'Master key (base64, 32 bytes or more) that wraps the per-person keys of personal data (ID numbers, phones, names), which are encrypted at rest. Empty: embedded mode creates one in OW_DATA_DIR/keys on first start. Required with a shared store (OW_STORE=postgres or mongodb); keep it in a secret store, apart from the data and its backups. A secret.',
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
  OW_KAFKA_SESSION_TIMEOUT_MS: int(3_000, 300_000)({
    default: 10_000,
    desc: 'How long a consumer that stopped answering (a killed pod) keeps its partitions before its group rebalances them to the others.',
  }),
  OW_KAFKA_CREATE_TOPICS: bool({
    default: false,
    desc: 'Create missing topics (OW_BUS_PARTITIONS partitions each) on start. Off in production, where the manifests in k8s/ create them.',
  }),
  OW_STORE: str<'embedded' | 'postgres' | 'mongodb'>({
    choices: ['embedded', 'postgres', 'mongodb'] as const,
    default: 'embedded',
    desc: 'Where each service keeps its events, read models and counters: "embedded" (SQLite files in OW_DATA_DIR, one process), or a store the replicas of a service share: "postgres" (a schema per service on OW_POSTGRES_URL) or "mongodb" (a database per service on OW_MONGO_URL). Several replicas of a service need OW_BUS=kafka (mongodb always does).',
  }),
  OW_POSTGRES_URL: postgresUrl({
    default: '',
    desc: 'PostgreSQL (or a PostgreSQL-compatible database) connection string, e.g. "postgresql://onewindow:password@pg-rw:5432/onewindow?sslmode=verify-full". Required with OW_STORE=postgres. A secret.',
  }),
  OW_POSTGRES_SCHEMA_PREFIX: str({ default: 'onewindow_', desc: 'Each service\'s schema is this prefix plus the service name; the personal-data keys are in prefix + "keys".' }),
  OW_POSTGRES_POOL_SIZE: int(1, 100)({
    default: 4,
    desc: 'Connections each of a process\'s stores may open (event store, read models, counters, keys, leases: five pools per service). Replicas × services × 5 × this must stay under the server\'s max_connections.',
  }),
  OW_REPLICA_ID: str({
    default: '',
    desc: 'This process\'s name among the replicas of its services, as it holds the leases of background jobs (the pod name, say). Empty: on a shared store host name, process id and a random suffix, new at every start; on the embedded stores, which one process owns, "embedded", so that a restart takes its jobs back at once.',
  }),
  OW_LEASE_TTL_MS: int(1_000, 600_000)({
    default: 10_000,
    desc: 'How long a replica holds a background job\'s lease (the relay, store-fed projections, timers, the dispatcher) without renewing it: a standby takes over within this plus a third of it after the owner dies.',
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

/** The platform's settings, validated. */
export type PlatformSettings = SettingsOf<typeof platformSettings>;

/** Settings that only make sense together: each problem is a line naming the variable and the rule. */
export function platformSettingsProblems(config: PlatformSettings): string[] {
  const jwt = config.OW_AUTH_MODE === 'jwt';
  const keySources = [config.OW_AUTH_JWKS_URL, config.OW_AUTH_PUBLIC_KEYS_FILE].filter(Boolean).length;
  const shared = config.OW_STORE !== 'embedded';
  return [
    config.OW_STORE === 'mongodb' && !config.OW_MONGO_URL && 'OW_MONGO_URL: is required with OW_STORE=mongodb',
    config.OW_STORE === 'postgres' && !config.OW_POSTGRES_URL && 'OW_POSTGRES_URL: is required with OW_STORE=postgres',
    shared && !config.OW_PII_MASTER_KEY && `OW_PII_MASTER_KEY: is required with OW_STORE=${config.OW_STORE} (every process must read the same personal-data keys)`,
    // The embedded bus lives on the local disk: one process, which PostgreSQL may serve (a hall's
    // own database server), but MongoDB installations run several.
    config.OW_STORE === 'mongodb' && config.OW_BUS === 'embedded' && 'OW_BUS: must be kafka with OW_STORE=mongodb (the embedded bus lives on the local disk)',
    config.OW_BUS === 'kafka' && !config.OW_KAFKA_BROKERS && 'OW_KAFKA_BROKERS: is required with OW_BUS=kafka',
    config.OW_KAFKA_SASL_MECHANISM && !config.OW_KAFKA_SASL_USERNAME && 'OW_KAFKA_SASL_USERNAME: is required with OW_KAFKA_SASL_MECHANISM',
    config.OW_KAFKA_SASL_MECHANISM && !config.OW_KAFKA_SASL_PASSWORD && 'OW_KAFKA_SASL_PASSWORD: is required with OW_KAFKA_SASL_MECHANISM',
    jwt && keySources > 1 && 'OW_AUTH_JWKS_URL: set it or OW_AUTH_PUBLIC_KEYS_FILE, not both',
    // The local key lives in one data directory; the processes of a shared store do not share one.
    jwt && keySources === 0 && shared &&
      'OW_AUTH_JWKS_URL: OW_AUTH_MODE=jwt needs a key source: OW_AUTH_JWKS_URL or OW_AUTH_PUBLIC_KEYS_FILE (the local key in OW_DATA_DIR/keys serves the embedded stores only)',
    !jwt && keySources > 0 && 'OW_AUTH_MODE: must be jwt when OW_AUTH_JWKS_URL or OW_AUTH_PUBLIC_KEYS_FILE is set (development tokens are never verified)',
    Boolean(config.OW_GRPC_TLS_CERT_FILE) !== Boolean(config.OW_GRPC_TLS_KEY_FILE) && 'OW_GRPC_TLS_KEY_FILE: OW_GRPC_TLS_CERT_FILE and OW_GRPC_TLS_KEY_FILE go together',
    config.OW_GRPC_TLS_CLIENT_CA_FILE && !config.OW_GRPC_TLS_CERT_FILE && 'OW_GRPC_TLS_CLIENT_CA_FILE: needs OW_GRPC_TLS_CERT_FILE and OW_GRPC_TLS_KEY_FILE (mutual TLS is TLS first)',
  ].filter((problem): problem is string => typeof problem === 'string' && problem !== '');
}
