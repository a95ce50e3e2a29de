import { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { type AcceptancePayload, type AnyPayload, acceptanceTopic, allTopics } from '../../platform/messaging/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { assembleService } from '../../platform/runtime/assemble-service.ts';
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

  const module = assembleService(deps, {
    name: 'acceptance',
    protoService: ACCEPTANCE_PROTO_SERVICE,
    definition: AcceptanceServiceService,
    implementation: acceptanceRpc({
      cases,
      items,
      readModels: deps.readModels,
      caseView,
      history,
      sequences: deps.sequences,
      clock: deps.clock,
      consistencyWaitMs: deps.settings.consistencyWaitMs,
    }),
    codec: acceptanceCodec,
    topic: acceptanceTopic,
    projections: [catalog, caseView, history],
    reactions: [concludeOnApproval(cases, deps.clock)],
    logger,
  });
  return { ...module, seedCatalog: () => seedCatalog(items, deps.clock) };
}
