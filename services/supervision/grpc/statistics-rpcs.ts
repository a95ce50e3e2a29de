import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { TraceEntry } from '../../../generated/onewindow/supervision/v1/trace.ts';
import type { ClockStatus } from '../../../generated/onewindow/supervision/v1/watch.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { TRACE_ENTRIES, type TraceDocument } from '../app/projections/case-trace-projection.ts';
import { ALERTS, type AlertDocument, RATINGS, type RatingDocument, WATCHES, type WatchDocument } from '../app/projections/supervision-views-projection.ts';
import { computeStatistics } from '../app/statistics.ts';
import { ratingEventTypes } from '../domain/rating/rating-events.ts';
import { getStatisticsSchema, traceCaseSchema } from './request-schemas.ts';
import type { SupervisionRpcDependencies } from './supervision-rpc-dependencies.ts';
import { regionAsked, waitFor } from './supervision-access.ts';

/** Events whose actor is the rater: staff never see who rated. */
const RATER_EVENTS = new Set<string>(ratingEventTypes);

/** Statistics rolled up through the levels, and "trace this case". */
export function statisticsRpcs(deps: SupervisionRpcDependencies): Pick<ServiceImplementation<typeof SupervisionServiceService>, 'getStatistics' | 'traceCase'> {
  return {
    getStatistics: {
      schema: getStatisticsSchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        const root = regionAsked(context, request.regionCode);
        const where = { handlingRegionCode: { prefix: subtreePrefix(root) } };
        const [watches, alerts, ratings] = await Promise.all([
          deps.readModels.find<WatchDocument>(WATCHES, { where }),
          deps.readModels.find<AlertDocument>(ALERTS, { where }),
          deps.readModels.find<RatingDocument>(RATINGS, { where }),
        ]);
        return computeStatistics({ regions: deps.regions, root, groupBy: request.groupBy, period: { from: request.from, to: request.to }, facts: { watches, alerts, ratings } });
      },
    },

    traceCase: {
      schema: traceCaseSchema,
      async handle(request, context) {
        await waitFor(deps.trace, request.consistencyToken, context, deps.consistencyWaitMs);
        const watch = await deps.readModels.get<WatchDocument>(WATCHES, request.caseNumber);
        if (!watch) throw new NotFoundError(`case ${request.caseNumber} is not known to supervision`);
        context.authorize({ regions: [watch.handlingRegionCode], department: watch.handlingDepartment });
        const documents = await deps.readModels.find<TraceDocument>(TRACE_ENTRIES, {
          where: { caseNumber: request.caseNumber },
          orderBy: [['occurredAt', 'asc'], ['streamId', 'asc'], ['streamVersion', 'asc']],
        });
        // The clock's state after each step, walking the case's events in order.
        let clock: ClockStatus = 'CLOCK_STATUS_UNSPECIFIED';
        const entries = documents.map((d) => {
          if (d.clockAfter !== 'CLOCK_STATUS_UNSPECIFIED') clock = d.clockAfter;
          const entry = TraceEntry.fromJSON(d.entry);
          const actor = entry.actor && RATER_EVENTS.has(entry.eventType) && entry.actor.role === 'ROLE_APPLICANT' ? { ...entry.actor, subject: '' } : entry.actor;
          return { ...entry, actor, clockStatus: clock };
        });
        return { entries };
      },
    },
  };
}
