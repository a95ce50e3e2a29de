import { join } from 'node:path';
import { createAcceptanceService } from '../acceptance/app/acceptance-service.ts';
import { createApprovalService } from '../approval/app/approval-service.ts';
import { createNotificationService } from '../notification/app/notification-service.ts';
import { configuredProviders } from '../notification/app/providers/configured-providers.ts';
import { parseQuietHours } from '../notification/domain/notification/quiet-hours.ts';
import { createSupervisionService } from '../supervision/app/supervision-service.ts';
import { SqliteEventBus } from '../platform/bus/sqlite-event-bus.ts';
import { holidayNotices } from '../platform/calendar/holiday-notices.ts';
import { CalendarRegistry } from '../platform/calendar/calendar-registry.ts';
import { holderIds } from '../platform/codes/holder-id.ts';
import { RegionRegistry } from '../platform/regions/region-registry.ts';
import { regionTree } from '../platform/regions/region-tree.ts';
import { holderKey } from './holder-key.ts';
import type { Configuration } from '../platform/config/configuration.ts';
import { developmentIdentity } from '../platform/grpc/development-token.ts';
import type { Logger } from '../platform/logging/logger.ts';
import type { ServiceName } from '../platform/messaging/topics.ts';
import { SqliteReadModelStore } from '../platform/readmodel/sqlite-read-model-store.ts';
import { type RunningServices, runServices } from '../platform/runtime/service-runtime.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/runtime/service-module.ts';
import { SqliteSequenceStore } from '../platform/sequence/sqlite-sequence-store.ts';
import { SqliteEventStore } from '../platform/store/sqlite-event-store.ts';
import { chinaDateOf } from '../platform/time/china-date.ts';
import { type Clock, systemClock } from '../platform/time/clock.ts';
import { type IdGenerator, randomIds } from '../platform/time/ids.ts';

export interface AllInOne extends RunningServices {
  readonly modules: Readonly<Record<ServiceName, ServiceModule>>;
  /** Each service's stores, for operations tools and tests. */
  readonly dependencies: Readonly<Record<ServiceName, ServiceDependencies>>;
}

/**
 * The embedded all-in-one platform (BRIEF §7): the four services in one process, each with its own
 * SQLite event store and read models under the data directory, the embedded bus between them, and
 * four gRPC servers. What a township hall runs on one small server.
 */
export async function startAllInOne(options: {
  config: Configuration;
  logger: Logger;
  clock?: Clock;
  ids?: IdGenerator;
}): Promise<AllInOne> {
  const { config, logger } = options;
  const dataDir = config.OW_DATA_DIR;
  const clock = options.clock ?? systemClock;
  const regions = new RegionRegistry(regionTree);
  const bus = new SqliteEventBus({ path: join(dataDir, 'bus', 'bus.sqlite'), partitions: config.OW_BUS_PARTITIONS });
  const closers: Array<() => Promise<void>> = [() => bus.close()];
  const dependencies = (service: ServiceName): ServiceDependencies => {
    const store = new SqliteEventStore({ service, path: join(dataDir, service, 'events.sqlite') });
    const readModels = new SqliteReadModelStore(join(dataDir, service, 'readmodels.sqlite'));
    closers.push(() => readModels.close(), () => store.close());
    return {
      store,
      readModels,
      bus,
      identity: developmentIdentity,
      logger,
      clock,
      ids: options.ids ?? randomIds,
      // Each service keeps its own calendars, in step with acceptance's calendar events.
      calendars: new CalendarRegistry(holidayNotices),
      regions,
      settings: { rpcTimeoutMs: config.OW_RPC_TIMEOUT_MS, consistencyWaitMs: config.OW_CONSISTENCY_WAIT_MS },
    };
  };

  const sequences = new SqliteSequenceStore(join(dataDir, 'acceptance', 'sequences.sqlite'));
  closers.push(() => sequences.close());
  const providers = configuredProviders(config, dataDir);
  closers.push(() => providers.close());

  const deps = {
    acceptance: dependencies('acceptance'),
    approval: dependencies('approval'),
    supervision: dependencies('supervision'),
    notification: dependencies('notification'),
  };
  const acceptance = createAcceptanceService({
    ...deps.acceptance,
    sequences,
    holderIds: holderIds(holderKey(config.OW_HOLDER_KEY, dataDir)),
    caseNumberFormat: config.OW_CASE_NUMBER_FORMAT,
    deemedAcceptanceSweepMs: config.OW_DEEMED_ACCEPTANCE_SWEEP_MS,
  });
  const modules = {
    acceptance,
    approval: createApprovalService(deps.approval),
    supervision: createSupervisionService({ ...deps.supervision, sweepMs: config.OW_SUPERVISION_SWEEP_MS }),
    notification: createNotificationService({
      ...deps.notification,
      providerFor: providers.providerFor,
      policy: {
        maxAttempts: config.OW_NOTIFICATION_MAX_ATTEMPTS,
        backoffBaseMs: config.OW_NOTIFICATION_BACKOFF_MS,
        backoffCapMs: config.OW_NOTIFICATION_BACKOFF_CAP_MS,
      },
      quietHours: parseQuietHours(config.OW_NOTIFICATION_QUIET_HOURS),
    }),
  };
  const seeded = await acceptance.seedCatalog();
  if (seeded > 0) logger.info({ entries: seeded }, 'published the seed catalog');

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
  warnAboutMissingNotices(deps.acceptance.calendars, clock, logger);
  return { ...running, modules, dependencies: deps };
}

/** Deadlines reach into next year from December on; say so at start-up rather than silently. */
function warnAboutMissingNotices(calendars: CalendarRegistry, clock: Clock, logger: Logger): void {
  const thisYear = Number(chinaDateOf(clock.now()).slice(0, 4));
  for (const year of [thisYear, thisYear + 1]) {
    if (!calendars.hasNotice(year)) logger.warn({ year }, 'no holiday notice loaded for this year: its deadlines are provisional until one is loaded');
  }
}
