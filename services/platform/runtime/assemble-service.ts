import type { EventCodec, Payload } from '../events/event-codec.ts';
import type { ServiceDefinition } from '../grpc/rpc-method.ts';
import { RpcServer, type ServedService } from '../grpc/rpc-server.ts';
import type { Logger } from '../logging/logger.ts';
import { startOutboxRelay } from '../messaging/outbox-relay.ts';
import { type Reaction, startReaction } from '../messaging/reaction.ts';
import type { AnyPayload, ServiceName, Topic } from '../messaging/topics.ts';
import type { ProjectionRunner } from '../projection/projection-runner.ts';
import { BackgroundWork, type Stoppable } from './background-work.ts';
import type { ServiceDependencies, ServiceModule } from './service-module.ts';

export interface ServiceSpecification<P extends Payload> {
  readonly name: ServiceName;
  /** The proto services its server serves (see `served`). */
  readonly services: readonly ServedService<ServiceDefinition>[];
  /** How the service's stored events are published: its codec and topic. */
  readonly codec: EventCodec<P>;
  readonly topic: Topic<P>;
  readonly projections: readonly ProjectionRunner<AnyPayload>[];
  readonly reactions: readonly Reaction<AnyPayload>[];
  /** Other background work of the service (a dispatcher, say). */
  readonly workers?: ReadonlyArray<() => Promise<Stoppable>>;
  readonly logger: Logger;
}

/**
 * Puts a service together the same way for all four: a gRPC server, and background work started
 * in an order that lets each piece find what it needs — the relay (so the service's events flow),
 * its read models, its workers, then the reactions that write new events — and stopped in reverse.
 */
export function assembleService<P extends Payload>(deps: ServiceDependencies, spec: ServiceSpecification<P>): ServiceModule {
  const { logger } = spec;
  const server = new RpcServer({
    services: spec.services,
    identity: deps.identity,
    logger,
    rpcTimeoutMs: deps.settings.rpcTimeoutMs,
  });
  const background = new BackgroundWork();
  return {
    name: spec.name,
    protoServices: spec.services.map((service) => service.name),
    server,
    projections: spec.projections,
    start: () =>
      background.start(
        () => startOutboxRelay({ store: deps.store, codec: spec.codec, topic: spec.topic, bus: deps.bus, logger }),
        ...spec.projections.map((runner) => async () => (await runner.start(), runner)),
        ...(spec.workers ?? []),
        ...spec.reactions.map((reaction) => () => startReaction({ service: spec.name, reaction, bus: deps.bus, logger })),
      ),
    stop: () => background.stop(),
  };
}
