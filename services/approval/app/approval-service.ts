import { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { followAcceptanceCalendar } from '../../platform/calendar/calendar-projection.ts';
import { served } from '../../platform/grpc/rpc-server.ts';
import { type ApprovalPayload, approvalTopic } from '../../platform/messaging/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { assembleService } from '../../platform/runtime/assemble-service.ts';
import type { ServiceDependencies, ServiceModule } from '../../platform/runtime/service-module.ts';
import { processDecider } from '../domain/process/process-decider.ts';
import { approvalRpc } from '../grpc/approval-rpc.ts';
import { approvalCodec, processCodec } from './approval-codec.ts';
import { approvalViewsProjection } from './projections/approval-views-projection.ts';
import { followAcceptance } from './reactions/follow-acceptance.ts';
import { recomputeProcessDeadlines } from './reactions/recompute-process-deadlines.ts';

export const APPROVAL_PROTO_SERVICE = 'onewindow.approval.v1.ApprovalService';

/** The approval service (后台分类审批) wired from its dependencies. */
export function createApprovalService(deps: ServiceDependencies): ServiceModule {
  const logger = deps.logger.child({ service: 'approval' });
  const processes = createCommandHandler({ store: deps.store, codec: processCodec, decider: processDecider(deps.calendars), ids: deps.ids });
  const views = new ProjectionRunner<ApprovalPayload>({
    projection: approvalViewsProjection,
    readModels: deps.readModels,
    source: { kind: 'store', store: deps.store, codec: approvalCodec },
    logger,
  });
  const calendar = followAcceptanceCalendar(deps, 'approval', logger);
  return assembleService(deps, {
    name: 'approval',
    services: [
      served({
        name: APPROVAL_PROTO_SERVICE,
        definition: ApprovalServiceService,
        implementation: approvalRpc({
          processes,
          readModels: deps.readModels,
          views,
          calendars: deps.calendars,
          clock: deps.clock,
          consistencyWaitMs: deps.settings.consistencyWaitMs,
        }),
      }),
    ],
    codec: approvalCodec,
    topic: approvalTopic,
    projections: [calendar, views],
    reactions: [
      followAcceptance(processes, deps.clock),
      recomputeProcessDeadlines({ processes, readModels: deps.readModels, store: deps.store, calendarView: calendar, processView: views, clock: deps.clock }),
    ],
    logger,
  });
}
