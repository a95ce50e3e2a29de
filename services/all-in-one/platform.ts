import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import { createAcceptanceService } from '../acceptance/app/acceptance-service.ts';
import { createApprovalService } from '../approval/app/approval-service.ts';
import { createNotificationService } from '../notification/app/notification-service.ts';
import { configuredProviders } from '../notification/app/providers/configured-providers.ts';
import { parseQuietHours } from '../notification/domain/notification/quiet-hours.ts';
import type { EventBus } from '../platform/bus/event-bus.ts';
import { KafkaEventBus } from '../platform/bus/kafka-event-bus.ts';
import { SqliteEventBus } from '../platform/bus/sqlite-event-bus.ts';
import { CalendarRegistry } from '../platform/calendar/calendar-registry.ts';
import { holidayNotices } from '../platform/calendar/holiday-notices.ts';
import { holderIds } from '../platform/codes/holder-id.ts';
import { type Configuration, servicesOf } from '../platform/config/configuration.ts';
import { configuredIdentity } from '../platform/auth/configured-identity.ts';
import { serverCredentials } from '../platform/grpc/tls-credentials.ts';
import type { Logger } from '../platform/logging/logger.ts';
import type { ServiceName } from '../platform/messaging/topics.ts';
import { SqliteReadModelStore } from '../platform/readmodel/sqlite-read-model-store.ts';
import { MongoSubjectKeyStore } from '../platform/privacy/mongo-subject-key-store.ts';
import { PersonalDataVault } from '../platform/privacy/personal-data-vault.ts';
import { SqliteSubjectKeyStore } from '../platform/privacy/sqlite-subject-key-store.ts';
import { RegionRegistry } from '../platform/regions/region-registry.ts';
import { regionTree } from '../platform/regions/region-tree.ts';
import { type RunningServices, runServices } from '../platform/runtime/service-runtime.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/runtime/service-module.ts';
import { connectMongo } from '../platform/mongo/connect-mongo.ts';
import { MongoReadModelStore } from '../platform/readmodel/mongo-read-model-store.ts';
import type { ReadModelStore } from '../platform/readmodel/read-model-store.ts';
import { MongoSequenceStore } from '../platform/sequence/mongo-sequence-store.ts';
import type { SequenceStore } from '../platform/sequence/sequence-store.ts';
import { SqliteSequenceStore } from '../platform/sequence/sqlite-sequence-store.ts';
import type { EventStore } from '../platform/store/event-store.ts';
import { MongoEventStore } from '../platform/store/mongo-event-store.ts';
import { SqliteEventStore } from '../platform/store/sqlite-event-store.ts';
import { chinaDateOf } from '../platform/time/china-date.ts';
import { type Clock, systemClock } from '../platform/time/clock.ts';
import { type IdGenerator, randomIds } from '../platform/time/ids.ts';
import { createSupervisionService } from '../supervision/app/supervision-service.ts';
import { localSecret } from '../platform/keys/local-secret.ts';

export interface Platform extends RunningServices {
  /** The services this process runs (OW_SERVICES). */
  readonly modules: Readonly<Partial<Record<ServiceName, ServiceModule>>>;
  /** Each running service's stores and bus, for operations tools and tests. */
  readonly dependencies: Readonly<Partial<Record<ServiceName, ServiceDependencies>>>;
}

/** The all-in-one platform: every service in the process. */
export interface AllInOne extends Platform {
  readonly modules: Readonly<Record<ServiceName, ServiceModule>>;
  readonly dependencies: Readonly<Record<ServiceName, ServiceDependencies>>;
}

interface StartOptions {
  config: Configuration;
  logger: Logger;
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * The services OW_SERVICES names, each with its own event store and read models (SQLite files under
 * the data directory, BRIEF §7, or a MongoDB database per service), exchanging events over the
 * embedded bus (all in one process: what a township hall runs on one small server) or over Kafka
 * (one process per service, or several).
 */
export async function startPlatform(options: StartOptions): Promise<Platform> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const names = servicesOf(config);
  const regions = new RegionRegistry(regionTree);
  const bus = busOf(config, names, logger);
  // One of each per process, shared by its services (the JWKS cache, one start-up warning).
  const identity = configuredIdentity(config, logger);
  const credentials = serverCredentials(config);
  const personalData = await personalDataVaultOf(config, clock);
  const closers: Array<() => Promise<void>> = [() => personalData.close(), () => bus.close()];
  const dependenciesOf = async (service: ServiceName): Promise<ServiceDependencies> => {
    const { store, readModels } = await storesOf(config, service);
    closers.push(() => readModels.close(), () => store.close());
    return {
      store,
      readModels,
      bus,
      identity,
      serverCredentials: credentials,
      logger,
      clock,
      ids: options.ids ?? randomIds,
      // Each service keeps its own calendars, in step with acceptance's calendar events.
      calendars: new CalendarRegistry(holidayNotices),
      regions,
      personalData,
      settings: {
        rpcTimeoutMs: config.OW_RPC_TIMEOUT_MS,
        consistencyWaitMs: config.OW_CONSISTENCY_WAIT_MS,
        maxRequestBytes: config.OW_GRPC_MAX_REQUEST_BYTES,
        rateLimit: { perSecond: config.OW_RATE_LIMIT_PER_SECOND, burst: config.OW_RATE_LIMIT_BURST },
      },
    };
  };

  const dependencies: Partial<Record<ServiceName, ServiceDependencies>> = {};
  const modules: Partial<Record<ServiceName, ServiceModule>> = {};
  for (const name of names) {
    const deps = await dependenciesOf(name);
    dependencies[name] = deps;
    modules[name] = await createModule(name, deps, config, closers);
  }

  const running = await runServices({
    modules: Object.values(modules),
    host: config.OW_HOST,
    ports: {
      acceptance: config.OW_ACCEPTANCE_PORT,
      approval: config.OW_APPROVAL_PORT,
      supervision: config.OW_SUPERVISION_PORT,
      notification: config.OW_NOTIFICATION_PORT,
    },
    graceMs: config.OW_SHUTDOWN_GRACE_MS,
    logger,
    release: async () => {
      for (const close of closers.reverse()) await close();
    },
  });
  if (dependencies.acceptance) warnAboutMissingNotices(dependencies.acceptance.calendars, clock, logger);
  return { ...running, modules, dependencies };
}

/** The whole platform in one process (`npm start`, the tests). */
export async function startAllInOne(options: StartOptions): Promise<AllInOne> {
  if (servicesOf(options.config).length !== 4) throw new Error('the all-in-one platform runs every service: OW_SERVICES must be "all"');
  return (await startPlatform(options)) as AllInOne;
}

/** A service's event store and read models: SQLite files in its directory, or its MongoDB database. */
async function storesOf(config: Configuration, service: ServiceName): Promise<{ store: EventStore; readModels: ReadModelStore }> {
  const store = await openEventStore(config, service);
  const readModels =
    config.OW_STORE === 'mongodb'
      ? new MongoReadModelStore(await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)))
      : new SqliteReadModelStore(join(config.OW_DATA_DIR, service, 'readmodels.sqlite'));
  return { store, readModels };
}

/** A service's MongoDB database. */
const mongoDatabaseOf = (config: Configuration, service: ServiceName) => `${config.OW_MONGO_DATABASE_PREFIX}${service}`;

/** Where a service's embedded event store lives in the data directory. */
export const embeddedEventStorePath = (dataDir: string, service: ServiceName) => join(dataDir, service, 'events.sqlite');

/** A service's event store, as the platform opens it: created, or migrated, if need be. */
async function openEventStore(config: Configuration, service: ServiceName): Promise<EventStore> {
  if (config.OW_STORE === 'mongodb') {
    const connection = await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service));
    return MongoEventStore.open(service, connection, { chainHash: config.OW_EVENT_CHAIN_HASH });
  }
  return new SqliteEventStore({ service, path: embeddedEventStorePath(config.OW_DATA_DIR, service), chainHash: config.OW_EVENT_CHAIN_HASH });
}

/**
 * A service's existing event store, opened to be read only (npm run verify-chain): a verifier never
 * writes to what it checks, so nothing is created, migrated or chained. A store from before
 * tamper evidence is refused (PreChainStoreError).
 */
export async function openEventStoreForReading(config: Configuration, service: ServiceName): Promise<EventStore> {
  if (config.OW_STORE === 'mongodb') {
    return MongoEventStore.openForReading(service, await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)));
  }
  return new SqliteEventStore({ service, path: embeddedEventStorePath(config.OW_DATA_DIR, service), readOnly: true });
}

/** The installation's personal-data keys: an SQLite file in the data directory, or a MongoDB database all services share. */
async function personalDataVaultOf(config: Configuration, clock: Clock): Promise<PersonalDataVault> {
  const keys =
    config.OW_STORE === 'mongodb'
      ? new MongoSubjectKeyStore(await connectMongo(config.OW_MONGO_URL, `${config.OW_MONGO_DATABASE_PREFIX}keys`))
      : new SqliteSubjectKeyStore(join(config.OW_DATA_DIR, 'keys', 'subject-keys.sqlite'));
  return new PersonalDataVault({
    keys,
    // The configured secret may be longer than 32 bytes; the wrapping key is derived from all of it.
    masterKey: Buffer.from(hkdfSync('sha256', localSecret(config.OW_PII_MASTER_KEY, config.OW_DATA_DIR, 'personal-data-master.key'), '', 'onewindow personal-data master key', 32)),
    cipher: config.OW_PII_CIPHER,
    clock,
    cacheMs: config.OW_PII_KEY_CACHE_MS,
  });
}

async function sequencesOf(config: Configuration): Promise<SequenceStore> {
  if (config.OW_STORE === 'mongodb') return new MongoSequenceStore(await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, 'acceptance')));
  return new SqliteSequenceStore(join(config.OW_DATA_DIR, 'acceptance', 'sequences.sqlite'));
}

function busOf(config: Configuration, names: readonly ServiceName[], logger: Logger): EventBus {
  if (config.OW_BUS === 'embedded') return new SqliteEventBus({ path: join(config.OW_DATA_DIR, 'bus', 'bus.sqlite'), partitions: config.OW_BUS_PARTITIONS });
  return new KafkaEventBus({
    brokers: config.OW_KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
    clientId: `onewindow-${names.join('-')}`,
    idempotent: config.OW_KAFKA_IDEMPOTENT,
    namespace: config.OW_KAFKA_NAMESPACE,
    ...(config.OW_KAFKA_CREATE_TOPICS ? { createTopicsWithPartitions: config.OW_BUS_PARTITIONS } : {}),
    ssl: config.OW_KAFKA_SSL,
    ...(config.OW_KAFKA_SASL_MECHANISM
      ? { sasl: { mechanism: config.OW_KAFKA_SASL_MECHANISM, username: config.OW_KAFKA_SASL_USERNAME, password: config.OW_KAFKA_SASL_PASSWORD } }
      : {}),
    logger,
  });
}

async function createModule(name: ServiceName, deps: ServiceDependencies, config: Configuration, closers: Array<() => Promise<void>>): Promise<ServiceModule> {
  const dataDir = config.OW_DATA_DIR;
  switch (name) {
    case 'acceptance': {
      const sequences = await sequencesOf(config);
      closers.push(() => sequences.close());
      const acceptance = createAcceptanceService({
        ...deps,
        sequences,
        holderIds: holderIds(localSecret(config.OW_HOLDER_KEY, dataDir, 'holder.key')),
        caseNumberFormat: config.OW_CASE_NUMBER_FORMAT,
        deemedAcceptanceSweepMs: config.OW_DEEMED_ACCEPTANCE_SWEEP_MS,
      });
      const seeded = await acceptance.seedCatalog();
      if (seeded > 0) deps.logger.info({ entries: seeded }, 'published the seed catalog');
      return acceptance;
    }
    case 'approval':
      return createApprovalService(deps);
    case 'supervision':
      return createSupervisionService({ ...deps, sweepMs: config.OW_SUPERVISION_SWEEP_MS });
    case 'notification': {
      const providers = configuredProviders(config, dataDir);
      closers.push(() => providers.close());
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
    }
  }
}

/** Deadlines reach into next year from December on; say so at start-up rather than silently. */
function warnAboutMissingNotices(calendars: CalendarRegistry, clock: Clock, logger: Logger): void {
  const thisYear = Number(chinaDateOf(clock.now()).slice(0, 4));
  for (const year of [thisYear, thisYear + 1]) {
    if (!calendars.hasNotice(year)) logger.warn({ year }, 'no holiday notice loaded for this year: its deadlines are provisional until one is loaded');
  }
}
