import type { ServiceName } from '../contracts/service-names.ts';
import { accessPolicy } from '../contracts/access-policy.ts';
import { directoryViewProjection, staffPostCheck } from '../contracts/directory-view.ts';
import { type AcceptancePayload, acceptanceTopic } from '../contracts/topics.ts';
import { type Payload, createEventCodec } from '../platform/events/event-codec.ts';
import { ProjectionRunner } from '../platform/projection/projection-runner.ts';
import { configuredIdentity } from '../platform/auth/configured-identity.ts';
import { CalendarRegistry } from '../platform/calendar/calendar-registry.ts';
import { holidayNotices } from '../platform/calendar/holiday-notices.ts';
import { serverCredentials } from '../platform/grpc/tls-credentials.ts';
import type { Logger } from '../platform/logging/logger.ts';
import { RegionRegistry } from '../platform/regions/region-registry.ts';
import { regionTree } from '../platform/regions/region-tree.ts';
import { type RunningServices, runServices } from '../platform/service/run-services.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/service/service-module.ts';
import { chinaDateOf } from '../platform/time/china-date.ts';
import { type Clock, systemClock } from '../platform/time/clock.ts';
import { type IdGenerator, randomIds } from '../platform/time/ids.ts';
import { busOf } from './bus.ts';
import { type Configuration, servicesOf } from './configuration.ts';
import type { HostedService } from './hosted-service.ts';
import { personalDataVaultOf } from './personal-data.ts';
import { openEventStore, openLeases, openReadModels } from './stores.ts';
import { JobOwnership } from '../platform/service/job-ownership.ts';
import { rateLimiterFor } from './rate-limiter.ts';
import { replicaIdOf } from './replica-id.ts';

export interface Platform extends RunningServices {
  /** The services this process runs (OW_SERVICES). */
  readonly modules: Readonly<Partial<Record<ServiceName, ServiceModule>>>;
  /** Each running service's stores and bus, for operations tools and tests. */
  readonly dependencies: Readonly<Partial<Record<ServiceName, ServiceDependencies>>>;
}

export interface StartOptions {
  readonly config: Configuration;
  readonly logger: Logger;
  /** Run these services as one thread of the threaded all-in-one (all-in-one/threads.ts): the embedded bus is shared. */
  readonly thread?: readonly ServiceName[];
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

/**
 * The composition root of every mode: the services OW_SERVICES names (of those this entry point
 * hosts), each with its own event store and read models (SQLite files under the data directory,
 * or a MongoDB database per service), exchanging events over the embedded bus (all in one process:
 * what a township hall runs on one small server) or over Kafka (one process per service, or several).
 */
export async function startPlatform(options: StartOptions, hosted: readonly HostedService[]): Promise<Platform> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const services = (options.thread ?? servicesOf(config)).map((name) => hostedNamed(hosted, name));
  const regions = new RegionRegistry(regionTree);
  const bus = busOf(config, services.map((service) => service.name).join('-'), logger, { sharedByThreads: options.thread !== undefined });
  // One of each per process, shared by its services (the JWKS cache, one start-up warning).
  const identity = configuredIdentity(config, logger);
  const credentials = serverCredentials(config);
  const personalData = await personalDataVaultOf(config, clock);
  const closers: Array<() => Promise<void>> = [() => personalData.close(), () => bus.close()];
  const onClose = (close: () => Promise<void>) => void closers.push(close);

  const holder = replicaIdOf(config);
  const dependenciesOf = async (service: ServiceName): Promise<ServiceDependencies> => {
    const leases = await openLeases(config, service);
    const store = await openEventStore(config, service, holder);
    const readModels = await openReadModels(config, service, holder);
    const shared = await rateLimiterFor(config, service);
    // Every service keeps a view of the directory, to check staff tokens against its posts: from
    // acceptance's topic, or, in acceptance, which records the directory, from its own store.
    const directoryView = new ProjectionRunner<AcceptancePayload>({
      projection: directoryViewProjection(regions),
      readModels,
      source:
        service === acceptanceTopic.service
          ? { kind: 'store', store, codec: createEventCodec(acceptanceTopic.wrapper) }
          : { kind: 'bus', bus, topics: [acceptanceTopic], groupId: `${service}.directory-view` },
      logger: logger.child({ service }),
    });
    closers.push(() => leases.close(), () => readModels.close(), () => store.close(), async () => shared?.close());
    return {
      store,
      readModels,
      bus,
      identity,
      callerCheck: { view: directoryView as ProjectionRunner<Payload>, check: staffPostCheck(readModels, config.OW_STAFF_MUST_BE_LISTED) },
      accessPolicy,
      serverCredentials: credentials,
      logger,
      clock,
      ids: options.ids ?? randomIds,
      // Each service keeps its own calendars, in step with acceptance's calendar events.
      calendars: new CalendarRegistry(holidayNotices),
      regions,
      personalData,
      ownership: new JobOwnership({ leases, holder, ttlMs: config.OW_LEASE_TTL_MS, logger: logger.child({ service }) }),
      settings: {
        rpcTimeoutMs: config.OW_RPC_TIMEOUT_MS,
        consistencyWaitMs: config.OW_CONSISTENCY_WAIT_MS,
        maxRequestBytes: config.OW_GRPC_MAX_REQUEST_BYTES,
        rateLimit: { perSecond: config.OW_RATE_LIMIT_PER_SECOND, burst: config.OW_RATE_LIMIT_BURST, ...(shared ? { limiter: shared.limiter } : {}) },
      },
    };
  };

  const dependencies: Partial<Record<ServiceName, ServiceDependencies>> = {};
  const modules: Partial<Record<ServiceName, ServiceModule>> = {};
  for (const service of services) {
    const deps = await dependenciesOf(service.name);
    dependencies[service.name] = deps;
    modules[service.name] = await service.create(deps, config, onClose);
  }

  const running = await runServices({
    modules: services.map((service) => modules[service.name]!),
    host: config.OW_HOST,
    ports: Object.fromEntries(services.map((service) => [service.name, service.port(config)])),
    graceMs: config.OW_SHUTDOWN_GRACE_MS,
    logger,
    release: async () => {
      for (const close of closers.reverse()) await close();
    },
  });
  if (dependencies.acceptance) warnAboutMissingNotices(dependencies.acceptance.calendars, clock, logger);
  return { ...running, modules, dependencies };
}

function hostedNamed(hosted: readonly HostedService[], name: ServiceName): HostedService {
  const service = hosted.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`this entry point does not run the ${name} service (OW_SERVICES)`);
  return service;
}

/** Deadlines reach into next year from December on; say so at start-up rather than silently. */
function warnAboutMissingNotices(calendars: CalendarRegistry, clock: Clock, logger: Logger): void {
  const thisYear = Number(chinaDateOf(clock.now()).slice(0, 4));
  for (const year of [thisYear, thisYear + 1]) {
    if (!calendars.hasNotice(year)) logger.warn({ year }, 'no holiday notice loaded for this year: its deadlines are provisional until one is loaded');
  }
}
