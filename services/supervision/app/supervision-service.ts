import { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { followAcceptanceCalendar } from '../../platform/calendar/calendar-projection.ts';
import { served } from '../../platform/grpc/rpc-server.ts';
import { type SupervisionPayload, supervisionTopic } from '../../platform/messaging/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { assembleService } from '../../platform/runtime/assemble-service.ts';
import type { ServiceDependencies, ServiceModule } from '../../platform/runtime/service-module.ts';
import { clockDecider } from '../domain/clock/clock-decider.ts';
import { supervisionRpc } from '../grpc/supervision-rpc.ts';
import { clocksProjection } from './projections/clocks-projection.ts';
import { followCaseClock } from './reactions/follow-case-clock.ts';
import { clockCodec, supervisionCodec } from './supervision-codec.ts';

export const SUPERVISION_PROTO_SERVICE = 'onewindow.supervision.v1.SupervisionService';

/** The supervision service (效能监督) wired from its dependencies. */
export function createSupervisionService(deps: ServiceDependencies): ServiceModule {
  const logger = deps.logger.child({ service: 'supervision' });
  const clocks = createCommandHandler({ store: deps.store, codec: clockCodec, decider: clockDecider(deps.calendars), ids: deps.ids });
  const clocksView = new ProjectionRunner<SupervisionPayload>({
    projection: clocksProjection,
    readModels: deps.readModels,
    source: { kind: 'store', store: deps.store, codec: supervisionCodec },
    logger,
  });
  const calendar = followAcceptanceCalendar(deps, 'supervision', logger);
  return assembleService(deps, {
    name: 'supervision',
    services: [
      served({
        name: SUPERVISION_PROTO_SERVICE,
        definition: SupervisionServiceService,
        implementation: supervisionRpc({
          readModels: deps.readModels,
          clocks: clocksView,
          calendars: deps.calendars,
          clock: deps.clock,
          consistencyWaitMs: deps.settings.consistencyWaitMs,
        }),
      }),
    ],
    codec: supervisionCodec,
    topic: supervisionTopic,
    projections: [calendar, clocksView],
    reactions: [followCaseClock(clocks, deps.clock)],
    logger,
  });
}
