import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { Alert, CaseClock, ClockStatus } from '../../../generated/onewindow/supervision/v1/watch.ts';
import { addDays } from '../../platform/calendar/calendar-date.ts';
import { countedWorkingDays } from '../../platform/calendar/legal-clock.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { Where } from '../../platform/readmodel/read-model-store.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';
import { ALERTS, type AlertDocument, WATCHES, type WatchDocument } from '../app/projections/supervision-views-projection.ts';
import type { WatchStatus } from '../domain/watch/watch-state.ts';
import { getCaseClockSchema, listAlertsSchema } from './request-schemas.ts';
import type { SupervisionRpcDependencies } from './supervision-rpc-dependencies.ts';
import { ownDepartmentOnly, regionAsked, waitFor } from './supervision-access.ts';


const statusNames: Readonly<Record<WatchStatus, ClockStatus>> = {
  waiting: 'CLOCK_STATUS_WAITING',
  running: 'CLOCK_STATUS_RUNNING',
  paused: 'CLOCK_STATUS_PAUSED',
  stopped: 'CLOCK_STATUS_STOPPED',
  closed: 'CLOCK_STATUS_CLOSED',
};

export const alertOf = (d: AlertDocument): Alert => ({
  alertId: d.id, caseNumber: d.caseNumber, deadlineKind: d.deadlineKind, level: d.level, dueOn: d.dueOn, raisedOn: d.raisedOn, resolvedOn: d.resolvedOn,
  deadline: d.deadline, handlingRegionCode: d.handlingRegionCode, handlingDepartment: d.handlingDepartment, itemCode: d.itemCode, itemName: d.itemName,
  voided: d.voided,
});

/** Case clocks and their alerts, as of today. */
export function clockRpcs(deps: SupervisionRpcDependencies): Pick<ServiceImplementation<typeof SupervisionServiceService>, 'getCaseClock' | 'listAlerts'> {
  /** Used and left, as of today: frozen while the clock stands still, final once it stopped. */
  const clockOf = async (watch: WatchDocument): Promise<CaseClock> => {
    const calendar = deps.calendars.calendarFor(watch.handlingRegionCode);
    const today = chinaDateOf(deps.clock.now());
    const open = watch.status === 'running' || watch.status === 'paused';
    const pausedSince = watch.status === 'paused' ? (watch.pauses.at(-1)?.from ?? '') : '';
    const asOf = pausedSince ? addDays(pausedSince, -1) : today;
    const alerts = await deps.readModels.find<AlertDocument>(ALERTS, { where: { caseNumber: watch.id }, orderBy: [['dueOn', 'asc']] });
    return {
      caseNumber: watch.id,
      itemCode: watch.itemCode,
      itemName: watch.itemName,
      handlingRegionCode: watch.handlingRegionCode,
      handlingDepartment: watch.handlingDepartment,
      status: statusNames[watch.status],
      acceptedOn: watch.acceptedOn,
      statutoryDeadline: watch.statutoryDeadline,
      promisedDeadline: watch.promisedDeadline,
      workingDaysUsed: open ? countedWorkingDays(calendar, watch.acceptedOn, watch.pauses, today) : watch.workingDaysUsed,
      promisedWorkingDaysRemaining: open && watch.promisedDeadline.date ? calendar.workingDaysBetween(asOf, watch.promisedDeadline.date).days : 0,
      concludedOn: watch.concludedOn,
      withinStatutoryLimit: watch.withinStatutoryLimit,
      withinPromisedLimit: watch.withinPromisedLimit,
      pausedSince,
      pauseKind: watch.pauseKind,
      alerts: alerts.map(alertOf),
      outcome: watch.outcome,
    };
  };

  return {
    getCaseClock: {
      schema: getCaseClockSchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        const watch = await deps.readModels.get<WatchDocument>(WATCHES, request.caseNumber);
        if (!watch) throw new NotFoundError(`case ${request.caseNumber} is not watched (not received yet?)`);
        context.authorize({ regions: [watch.handlingRegionCode], department: watch.handlingDepartment });
        return { clock: await clockOf(watch) };
      },
    },

    listAlerts: {
      schema: listAlertsSchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        const region = regionAsked(context, request.regionCode);
        const where: Record<string, Where[string]> = { handlingRegionCode: { prefix: subtreePrefix(region) } };
        if (request.level !== 'ALERT_LEVEL_UNSPECIFIED') where.level = request.level;
        if (!request.includeResolved) where.resolvedOn = '';
        if (ownDepartmentOnly(context)) where.handlingDepartment = context.caller.department;
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<AlertDocument>(ALERTS, { where, orderBy: [['resolvedOn', 'asc'], ['dueOn', 'asc']], limit: size + 1, offset });
        return { alerts: documents.slice(0, size).map(alertOf), nextPageToken: nextPageToken(offset, size, documents.length > size) };
      },
    },
  };
}
