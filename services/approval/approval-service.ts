import { ApprovalServiceService } from '../../generated/onewindow/approval/v1/approval_service.ts';
import { createCommandHandler } from '../platform/app/command-handler.ts';
import { acceptanceCalendarEvents } from '../contracts/calendar-changes.ts';
import { acceptanceTopic } from '../contracts/topics.ts';
import { calendarFollower, loadCalendarView } from '../platform/calendar-sync/calendar-projection.ts';
import { served } from '../platform/grpc/rpc-server.ts';
import { type ApprovalPayload, approvalTopic } from '../contracts/topics.ts';
import { ProjectionRunner } from '../platform/projection/projection-runner.ts';
import { assembleService } from '../platform/service/assemble-service.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/service/service-module.ts';
import { processDecider } from './domain/process/process-decider.ts';
import { approvalRpcs } from './grpc/approval-rpcs.ts';
import { approvalCodec, processCodec } from './app/approval-codec.ts';
import { approvalViewsProjection } from './app/projections/approval-views-projection.ts';
import { followAcceptance } from './app/reactions/follow-acceptance.ts';
import { recomputeProcessDeadlines } from './app/reactions/recompute-process-deadlines.ts';

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
  const calendar = calendarFollower({ service: 'approval', registry: deps.calendars, readModels: deps.readModels, bus: deps.bus, topic: acceptanceTopic, calendarEvents: acceptanceCalendarEvents, logger });
  return assembleService(deps, {
    name: 'approval',
    services: [
      served({
        name: APPROVAL_PROTO_SERVICE,
        definition: ApprovalServiceService,
        implementation: approvalRpcs({
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
      recomputeProcessDeadlines({ processes, readModels: deps.readModels, store: deps.store, calendarView: calendar, processView: views, clock: deps.clock, reloadCalendars: () => loadCalendarView(deps.calendars, deps.readModels) }),
    ],
    logger,
  });
}
