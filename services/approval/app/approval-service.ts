import { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { RpcServer } from '../../platform/grpc/rpc-server.ts';
import { startOutboxRelay } from '../../platform/messaging/outbox-relay.ts';
import { startReaction } from '../../platform/messaging/reaction.ts';
import { type ApprovalPayload, approvalTopic } from '../../platform/messaging/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { BackgroundWork } from '../../platform/runtime/background-work.ts';
import type { ServiceDependencies, ServiceModule } from '../../platform/runtime/service-module.ts';
import { processDecider } from '../domain/process/process-decider.ts';
import { approvalRpc } from '../grpc/approval-rpc.ts';
import { approvalCodec, processCodec } from './approval-codec.ts';
import { approvalViewsProjection } from './projections/approval-views-projection.ts';
import { startProcessOnAcceptance } from './reactions/start-process-on-acceptance.ts';

export const APPROVAL_PROTO_SERVICE = 'onewindow.approval.v1.ApprovalService';

/** The approval service (后台分类审批) wired from its dependencies. */
export function createApprovalService(deps: ServiceDependencies): ServiceModule {
  const logger = deps.logger.child({ service: 'approval' });
  const processes = createCommandHandler({ store: deps.store, codec: processCodec, decider: processDecider(deps.calendar), ids: deps.ids });
  const views = new ProjectionRunner<ApprovalPayload>({
    projection: approvalViewsProjection,
    readModels: deps.readModels,
    source: { kind: 'store', store: deps.store, codec: approvalCodec },
    logger,
  });
  const server = new RpcServer({
    serviceName: APPROVAL_PROTO_SERVICE,
    definition: ApprovalServiceService,
    implementation: approvalRpc({
      processes,
      readModels: deps.readModels,
      views: views,
      calendar: deps.calendar,
      clock: deps.clock,
      consistencyWaitMs: deps.settings.consistencyWaitMs,
    }),
    identity: deps.identity,
    logger,
    rpcTimeoutMs: deps.settings.rpcTimeoutMs,
  });
  const background = new BackgroundWork();
  return {
    name: 'approval',
    protoService: APPROVAL_PROTO_SERVICE,
    server: server as RpcServer<never>,
    projections: [views],
    start: () =>
      background.start(
        () => startOutboxRelay({ store: deps.store, codec: approvalCodec, topic: approvalTopic, bus: deps.bus, logger }),
        async () => (await views.start(), views),
        () => startReaction({ service: 'approval', reaction: startProcessOnAcceptance(processes, deps.clock), bus: deps.bus, logger }),
      ),
    stop: () => background.stop(),
  };
}
