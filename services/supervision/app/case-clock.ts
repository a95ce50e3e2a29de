import type { CaseClock, ClockStatus } from '../../../generated/onewindow/supervision/v1/watch.ts';
import { countedWorkingDays } from '../../platform/calendar/legal-clock.ts';
import { addDays } from '../../platform/time/calendar-date.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';
import type { WatchStatus } from '../domain/watch/watch-state.ts';
import { alertOf } from './alert-of.ts';
import { ALERTS, type AlertDocument, type WatchDocument } from './projections/supervision-documents.ts';
import type { SupervisionApp } from './supervision-app.ts';

const statusNames: Readonly<Record<WatchStatus, ClockStatus>> = {
  waiting: 'CLOCK_STATUS_WAITING',
  running: 'CLOCK_STATUS_RUNNING',
  paused: 'CLOCK_STATUS_PAUSED',
  stopped: 'CLOCK_STATUS_STOPPED',
  closed: 'CLOCK_STATUS_CLOSED',
};

/** A watched case's clock and its alerts, as of today: used and left frozen while it stands still, final once it stopped. */
export async function caseClockAsOfToday(app: SupervisionApp, watch: WatchDocument): Promise<CaseClock> {
  const calendar = app.calendars.calendarFor(watch.handlingRegionCode);
  const today = chinaDateOf(app.clock.now());
  const open = watch.status === 'running' || watch.status === 'paused';
  const pausedSince = watch.status === 'paused' ? (watch.pauses.at(-1)?.from ?? '') : '';
  const asOf = pausedSince ? addDays(pausedSince, -1) : today;
  const alerts = await app.readModels.find<AlertDocument>(ALERTS, { where: { caseNumber: watch.id }, orderBy: [['dueOn', 'asc']] });
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
}
