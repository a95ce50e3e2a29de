import { SupervisionServiceService } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { createCommandHandler } from '../platform/app/command-handler.ts';
import { acceptanceCalendarEvents } from '../contracts/calendar-changes.ts';
import { calendarFollower } from '../platform/calendar-sync/calendar-projection.ts';
import type { Decider } from '../platform/domain/decider.ts';
import type { EventCodec, Payload } from '../platform/events/event-codec.ts';
import { served } from '../platform/grpc/rpc-server.ts';
import { type AnyPayload, type SupervisionPayload, acceptanceTopic, allTopics, supervisionTopic } from '../contracts/topics.ts';
import { ProjectionRunner } from '../platform/projection/projection-runner.ts';
import { assembleService } from '../platform/service/assemble-service.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/service/service-module.ts';
import { orderDecider } from './domain/order/order-decider.ts';
import { policyDecider } from './domain/policy/supervision-policy.ts';
import { ratingsDecider } from './domain/rating/ratings-decider.ts';
import { watchDecider } from './domain/watch/watch-decider.ts';
import { supervisionRpcs } from './grpc/supervision-rpcs.ts';
import { policyLookup } from './app/policy-lookup.ts';
import { caseTraceProjection } from './app/projections/case-trace-projection.ts';
import { supervisionViewsProjection } from './app/projections/supervision-views-projection.ts';
import { FOLLOW_CASES, followCases } from './app/reactions/follow-cases.ts';
import { rescheduleOnPolicy } from './app/reactions/reschedule-on-policy.ts';
import { orderCodec, policyCodec, ratingsCodec, supervisionCodec, watchCodec } from './app/supervision-codec.ts';
import { startSupervisionTimers } from './app/workers/supervision-timers.ts';
import { type MetricsLevel, openAlertsGauge } from './app/open-alerts-gauge.ts';

export const SUPERVISION_PROTO_SERVICE = 'onewindow.supervision.v1.SupervisionService';

export interface SupervisionSettings {
  /** How often the durable timers look for alerts and rating invitations that fell due. */
  readonly sweepMs: number;
  /** The jurisdictions the open-alerts metric is broken down by. */
  readonly metricsLevel: MetricsLevel;
}

/** The supervision service (效能监督 + 好差评) wired from its dependencies. */
export function createSupervisionService(deps: ServiceDependencies & SupervisionSettings): ServiceModule {
  const logger = deps.logger.child({ service: 'supervision' });
  const handler = <C, E extends Payload, S>(codec: EventCodec<E>, decider: Decider<C, E, S>) => createCommandHandler({ store: deps.store, codec, decider, ids: deps.ids });
  const watches = handler(watchCodec, watchDecider(deps.calendars));
  const ratings = handler(ratingsCodec, ratingsDecider(deps.calendars));
  const orders = handler(orderCodec, orderDecider);
  const policies = handler(policyCodec, policyDecider);
  const policyFor = policyLookup(deps.readModels, deps.regions);

  const views = new ProjectionRunner<SupervisionPayload>({
    projection: supervisionViewsProjection,
    readModels: deps.readModels,
    source: { kind: 'store', store: deps.store, codec: supervisionCodec },
    logger,
  });
  const trace = new ProjectionRunner<AnyPayload>({
    projection: caseTraceProjection,
    readModels: deps.readModels,
    source: { kind: 'bus', bus: deps.bus, topics: allTopics, groupId: 'supervision.case-trace' },
    logger,
  });
  const calendar = calendarFollower({ service: 'supervision', registry: deps.calendars, readModels: deps.readModels, bus: deps.bus, topic: acceptanceTopic, calendarEvents: acceptanceCalendarEvents, logger });
  return assembleService(deps, {
    name: 'supervision',
    services: [
      served({
        name: SUPERVISION_PROTO_SERVICE,
        definition: SupervisionServiceService,
        implementation: supervisionRpcs({
          watches, ratings, orders, policies, policyFor,
          readModels: deps.readModels,
          store: deps.store,
          views,
          trace,
          regions: deps.regions,
          calendars: deps.calendars,
          clock: deps.clock,
          ids: deps.ids,
          consistencyWaitMs: deps.settings.consistencyWaitMs,
        }),
      }),
    ],
    codec: supervisionCodec,
    topic: supervisionTopic,
    projections: [calendar, views, trace],
    workers: [
      {
        name: 'supervision-timers',
        start: async () =>
          startSupervisionTimers({
            watches, ratings, readModels: deps.readModels, clock: deps.clock, logger, intervalMs: deps.sweepMs,
            caughtUp: async () => (await deps.bus.lag(`supervision.${FOLLOW_CASES}`, [acceptanceTopic.name])) === 0,
          }),
      },
    ],
    reactions: [followCases(watches, policyFor, deps.clock), rescheduleOnPolicy({ watches, readModels: deps.readModels, views, policyFor, clock: deps.clock })],
    gauges: [openAlertsGauge(deps.readModels, deps.regions, deps.metricsLevel)],
    logger,
  });
}
