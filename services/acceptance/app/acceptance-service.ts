import { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { RpcServer } from '../../platform/grpc/rpc-server.ts';
import { startOutboxRelay } from '../../platform/messaging/outbox-relay.ts';
import { startReaction } from '../../platform/messaging/reaction.ts';
import { type AcceptancePayload, type AnyPayload, acceptanceTopic, allTopics } from '../../platform/messaging/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { BackgroundWork } from '../../platform/runtime/background-work.ts';
import type { ServiceDependencies, ServiceModule } from '../../platform/runtime/service-module.ts';
import type { SequenceStore } from '../../platform/sequence/sequence-store.ts';
import { caseDecider } from '../domain/case/case-decider.ts';
import { serviceItemDecider } from '../domain/catalog/service-item-decider.ts';
import { acceptanceRpc } from '../grpc/acceptance-rpc.ts';
import { acceptanceCodec, caseCodec, serviceItemCodec } from './acceptance-codec.ts';
import { caseHistoryProjection } from './projections/case-history-projection.ts';
import { caseViewProjection } from './projections/case-view-projection.ts';
import { catalogProjection } from './projections/catalog-projection.ts';
import { concludeOnApproval } from './reactions/conclude-on-approval.ts';
import { seedCatalog } from './seed-catalog.ts';

export const ACCEPTANCE_PROTO_SERVICE = 'onewindow.acceptance.v1.AcceptanceService';

export interface AcceptanceModule extends ServiceModule {
  /** Publishes the seed catalog if this installation has never done so; returns items published. */
  seedCatalog(): Promise<number>;
}

/** The acceptance service (一窗受理) wired from its dependencies. */
export function createAcceptanceService(deps: ServiceDependencies & { readonly sequences: SequenceStore }): AcceptanceModule {
  const logger = deps.logger.child({ service: 'acceptance' });
  const cases = createCommandHandler({ store: deps.store, codec: caseCodec, decider: caseDecider(deps.calendar), ids: deps.ids });
  const items = createCommandHandler({ store: deps.store, codec: serviceItemCodec, decider: serviceItemDecider, ids: deps.ids });

  const ownEvents = { kind: 'store', store: deps.store, codec: acceptanceCodec } as const;
  const catalog = new ProjectionRunner<AcceptancePayload>({ projection: catalogProjection, readModels: deps.readModels, source: ownEvents, logger });
  const caseView = new ProjectionRunner<AcceptancePayload>({ projection: caseViewProjection, readModels: deps.readModels, source: ownEvents, logger });
  const history = new ProjectionRunner<AnyPayload>({
    projection: caseHistoryProjection,
    readModels: deps.readModels,
    source: { kind: 'bus', bus: deps.bus, topics: allTopics, groupId: 'acceptance.case-history' },
    logger,
  });
  const projections = [catalog, caseView, history];

  const server = new RpcServer({
    serviceName: ACCEPTANCE_PROTO_SERVICE,
    definition: AcceptanceServiceService,
    implementation: acceptanceRpc({
      cases,
      items,
      readModels: deps.readModels,
      caseView: caseView,
      history: history,
      sequences: deps.sequences,
      clock: deps.clock,
      consistencyWaitMs: deps.settings.consistencyWaitMs,
    }),
    identity: deps.identity,
    logger,
    rpcTimeoutMs: deps.settings.rpcTimeoutMs,
  });

  const background = new BackgroundWork();
  return {
    name: 'acceptance',
    protoService: ACCEPTANCE_PROTO_SERVICE,
    server: server as RpcServer<never>,
    projections,
    seedCatalog: () => seedCatalog(items, deps.clock),
    start: () =>
      background.start(
        () => startOutboxRelay({ store: deps.store, codec: acceptanceCodec, topic: acceptanceTopic, bus: deps.bus, logger }),
        ...projections.map((runner) => async () => (await runner.start(), runner)),
        () => startReaction({ service: 'acceptance', reaction: concludeOnApproval(cases, deps.clock), bus: deps.bus, logger }),
      ),
    stop: () => background.stop(),
  };
}
