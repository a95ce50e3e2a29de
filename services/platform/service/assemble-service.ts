import type { EventCodec, Payload } from '../events/event-codec.ts';
import type { ServiceDefinition } from '../grpc/rpc-method.ts';
import { RpcServer, type ServedService } from '../grpc/rpc-server.ts';
import type { Logger } from '../logging/logger.ts';
import { type OutboxRelay, startOutboxRelay } from '../messaging/outbox-relay.ts';
import { type Reaction, reactionGroupOf, startReaction } from '../messaging/reaction.ts';
import { type GaugeSpec, observeGauges } from '../telemetry/metrics.ts';
import type { Topic } from '../messaging/topic.ts';
import type { ProjectionRunner } from '../projection/projection-runner.ts';
import { rpcTelemetry } from '../grpc/rpc-telemetry.ts';
import { BackgroundWork } from '../async/background-work.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { OwnedJob } from './job-ownership.ts';
import type { ServiceDependencies, ServiceModule } from './service-module.ts';
import { checkedIdentity } from './caller-check.ts';
import { refreshWhileShared } from '../projection/refresh-while-shared.ts';

export interface ServiceSpecification<P extends Payload> {
  readonly name: string;
  /** The proto services its server serves (see `served`). */
  readonly services: readonly ServedService<ServiceDefinition>[];
  /** How the service's stored events are published: its codec and topic. */
  readonly codec: EventCodec<P>;
  readonly topic: Topic<P>;
  readonly projections: readonly ProjectionRunner<Payload>[];
  readonly reactions: readonly Reaction<Payload>[];
  /** Other background work of the service (a dispatcher, timers), each run by one replica at a time. */
  readonly workers?: ReadonlyArray<{ readonly name: string; readonly start: OwnedJob }>;
  /** What the service reports besides lags and calls (cases by state, open alerts...). */
  readonly gauges?: readonly GaugeSpec[];
  readonly logger: Logger;
}

/**
 * Puts a service together the same way for all four: a gRPC server, and background work started
 * in an order that lets each piece find what it needs — the relay (so the service's events flow),
 * its read models, its workers, then the reactions that write new events — and stopped in reverse.
 * The relay, the store-fed projections and the workers run in one replica at a time (a lease
 * each, service/job-ownership.ts); bus-fed projections and reactions share the work through
 * their consumer groups.
 */
export function assembleService<P extends Payload>(deps: ServiceDependencies, spec: ServiceSpecification<P>): ServiceModule {
  const { logger } = spec;
  // The caller check's view is kept as the service's own read models are (started, rebuilt).
  const projections = [...spec.projections, ...(deps.callerCheck ? [deps.callerCheck.view] : [])];
  const server = new RpcServer({
    services: spec.services,
    identity: checkedIdentity(deps.identity, deps.callerCheck),
    policy: deps.accessPolicy,
    logger,
    rpcTimeoutMs: deps.settings.rpcTimeoutMs,
    credentials: deps.serverCredentials,
    maxRequestBytes: deps.settings.maxRequestBytes,
    rateLimit: deps.settings.rateLimit,
    interceptors: [rpcTelemetry(spec.name)],
    personalData: deps.personalData,
  });
  const background = new BackgroundWork();
  let relay: OutboxRelay | undefined;
  return {
    name: spec.name,
    protoServices: spec.services.map((service) => service.name),
    server,
    projections,
    relayLag: async () => (relay ? relay.lag() : 0),
    start: async () => {
      const owned = (job: string, start: OwnedJob) => async () => deps.ownership.run(job, start);
      for (const runner of projections) await runner.define();
      await background.start(
        async () => refreshWhileShared({ readModels: deps.readModels, projections, logger }),
        owned(`relay:${spec.topic.name}`, async () => (relay = await startOutboxRelay({ store: deps.store, codec: spec.codec, topic: spec.topic, bus: deps.bus, logger }))),
        ...projections.map((runner) => (runner.fedByStore ? owned(runner.name, async () => (await runner.start(), runner)) : async () => (await runner.start(), runner))),
        ...(spec.workers ?? []).map((worker) => owned(`worker:${worker.name}`, worker.start)),
        ...spec.reactions.map((reaction) => () => startReaction({ service: spec.name, reaction, bus: deps.bus, logger })),
        async () => observeGauges(spec.name, [...lagGauges({ ...spec, projections }, deps.bus, () => relay), ...(spec.gauges ?? [])]),
      );
    },
    stop: () => background.stop(),
  };
}

/** How far behind each piece of the service's background work is, in events. */
function lagGauges(spec: ServiceSpecification<Payload>, bus: EventBus, relay: () => OutboxRelay | undefined): GaugeSpec[] {
  return [
    {
      name: 'onewindow.relay.lag',
      description: 'Stored events of the service not yet published on its topic.',
      unit: '{event}',
      read: async () => {
        const running = relay();
        return running ? [[await running.lag(), { 'messaging.destination.name': spec.topic.name }]] : [];
      },
    },
    {
      name: 'onewindow.projection.lag',
      description: 'Events a read model has not applied yet, per projection.',
      unit: '{event}',
      read: () => Promise.all(spec.projections.map(async (runner) => [await runner.lag(), { 'ow.projection': runner.name }] as const)),
    },
    {
      name: 'onewindow.consumer.lag',
      description: 'Messages a reaction has not handled yet, per consumer group.',
      unit: '{message}',
      read: () =>
        Promise.all(
          spec.reactions.map(async (reaction) => {
            const group = reactionGroupOf(spec.name, reaction);
            return [await bus.lag(group, reaction.topics.map((topic) => topic.name)), { 'messaging.consumer.group.name': group }] as const;
          }),
        ),
    },
  ];
}
