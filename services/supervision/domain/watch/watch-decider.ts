import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { AlertDue, SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import { addDays } from '../../../platform/time/calendar-date.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { countedWorkingDays } from '../../../platform/calendar/legal-clock.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import { alertSchedule, deliveryAlertSchedule, pauseAlertSchedule } from './alert-schedule.ts';
import { pauseMaxOf } from '../policy/supervision-policy.ts';
import type {
  CheckAlerts,
  CloseUnaccepted,
  PauseClock,
  ReceiveCase,
  RecordVisit,
  Reschedule,
  ResumeClock,
  StartClock,
  RecordDelivery,
  StopClock,
  UpdateDeadlines,
  WatchCommand,
} from './watch-commands.ts';
import { type WatchEvent, alertIdOf, visitIdOf } from './watch-events.ts';
import { type CaseWatch, type WatchState, evolveWatch } from './watch-state.ts';

/** A deadline is met when there is none, or when the case concluded on or before its date. */
const met = (deadline: Deadline, concludedOn: string) => !deadline.date || concludedOn <= deadline.date;

const sameSchedule = (a: readonly AlertDue[], b: readonly AlertDue[]) =>
  a.length === b.length &&
  a.every((due, i) => due.level === b[i]?.level && due.deadlineKind === b[i]?.deadlineKind && due.dueOn === b[i]?.dueOn && due.deadline?.date === b[i]?.deadline?.date);

type Deadlines = { readonly statutory: Deadline; readonly promised: Deadline };

/**
 * A case as supervision watches it (效能监督), from its receipt to its conclusion: the clock in
 * working days (standing still while approval's does), the alerts it schedules on its deadlines and
 * its jurisdiction's policy, each raised once when a sweep finds it due and resolved when its
 * deadline moves or the case ends, and the visits to a hall that may be rated on site.
 */
export function watchDecider(calendars: CalendarRegistry): Decider<WatchCommand, WatchEvent, WatchState> {
  const calendarOf = (watch: CaseWatch) => calendars.calendarFor(watch.received.handlingRegionCode);
  const openAlerts = (watch: CaseWatch) => [...watch.raised.values()].filter((alert) => !watch.resolved.has(alert.alertId));

  /** The schedule on these deadlines, without the alerts raised on them already, if it changed. */
  const scheduled = (watch: CaseWatch, clockStart: string, deadlines: Deadlines, policy: SupervisionPolicy): WatchEvent[] =>
    scheduleOf(watch, alertSchedule(calendarOf(watch), clockStart, deadlines, policy));

  /**
   * While the clock stands still, only the pause is watched: for the time told, or the policy's
   * maximum. When that end moved (a calendar or policy change), the pause's alerts raised on the
   * old one are resolved `on` that day, as a limit's are.
   */
  const pauseScheduled = (watch: CaseWatch, since: string, expectedWorkingDays: number, policy: SupervisionPolicy, on = since): WatchEvent[] =>
    endScheduled(watch, pauseAlertSchedule(calendarOf(watch), since, expectedWorkingDays || pauseMaxOf(policy), policy), on);

  /** A concluded, approved case is watched until its result is delivered (行政许可法 Art. 44). */
  const deliveryScheduled = (watch: CaseWatch, deadline: Deadline, policy: SupervisionPolicy, on: string): WatchEvent[] =>
    endScheduled(watch, deliveryAlertSchedule(calendarOf(watch), watch.concludedOn, deadline, policy), on);

  /** The alerts of one end (a pause's, a delivery's), resolving those raised on an end that has moved. */
  const endScheduled = (watch: CaseWatch, alerts: AlertDue[], on: string): WatchEvent[] => {
    const kind = alerts[0]?.deadlineKind;
    const end = alerts[0]?.deadline?.date;
    const moved = openAlerts(watch).filter((alert) => alert.deadlineKind === kind && alert.deadline?.date !== end);
    if (moved.length === 0) return scheduleOf(watch, alerts);
    const resolved: WatchEvent = { $case: 'caseAlertsResolved', value: { caseNumber: watch.received.caseNumber, resolvedOn: on, alertIds: moved.map((a) => a.alertId), voidedAlertIds: [] } };
    return [resolved, ...scheduleOf(evolveWatch(watch, resolved) as CaseWatch, alerts)];
  };

  const scheduleOf = (watch: CaseWatch, alerts: AlertDue[]): WatchEvent[] => {
    const caseNumber = watch.received.caseNumber;
    const schedule = alerts.filter((due) => !watch.raised.has(alertIdOf(caseNumber, due.deadlineKind, due.level, due.deadline?.date ?? '')));
    return sameSchedule(schedule, watch.schedule) ? [] : [{ $case: 'caseAlertsScheduled', value: { caseNumber, schedule } }];
  };

  /** The pause of a paused watch: its first day and what the applicant was told it takes. */
  const currentPause = (watch: CaseWatch) => ({ since: watch.pauses.at(-1)?.from ?? '', expectedWorkingDays: watch.pausedExpectedWorkingDays ?? 0 });

  /** Alerts raised on a deadline that has since moved are resolved: the new one gets its own. A pause's stay open while it lasts. */
  const resolveMoved = (watch: CaseWatch, deadlines: Deadlines, on: string): WatchEvent[] => {
    const current = { DEADLINE_KIND_PROMISED: deadlines.promised.date, DEADLINE_KIND_STATUTORY: deadlines.statutory.date } as Record<string, string>;
    const moved = openAlerts(watch).filter((alert) => alert.deadlineKind !== 'DEADLINE_KIND_PAUSE' && alert.deadline?.date !== current[alert.deadlineKind]);
    return moved.length
      ? [{ $case: 'caseAlertsResolved', value: { caseNumber: watch.received.caseNumber, resolvedOn: on, alertIds: moved.map((a) => a.alertId), voidedAlertIds: [] } }]
      : [];
  };

  /** The first word of acceptance about a case: supervision watches it from its receipt. */
  const receiveCase = (command: ReceiveCase, state: WatchState): WatchEvent[] =>
    state.status === 'none' ? [{ $case: 'caseReceived', value: command.received }] : [];

  /** A counter act at a hall's window: one visit per hall and day, which the applicant may rate on site. */
  const recordVisit = (command: RecordVisit, watch: CaseWatch): WatchEvent[] => {
    const visitedOn = chinaDateOf(command.now);
    const visitId = visitIdOf(command.hallId, visitedOn);
    if (!command.hallId || watch.visits.has(visitId)) return [];
    return [
      {
        $case: 'caseVisited',
        value: { caseNumber: watch.received.caseNumber, visitId, hallId: command.hallId, windowId: command.windowId, staffSubject: command.staffSubject, visitedOn },
      },
    ];
  };

  /** Refused or withdrawn before acceptance: no clock ever ran. */
  const closeUnaccepted = (command: CloseUnaccepted, watch: CaseWatch): WatchEvent[] =>
    watch.status === 'waiting' ? [{ $case: 'caseClosedUnaccepted', value: { caseNumber: watch.received.caseNumber, ending: command.ending, closedOn: command.closedOn } }] : [];

  /** Accepted: the clock runs from the day of acceptance, and the alerts are scheduled on its deadlines. */
  const startClock = (command: StartClock, watch: CaseWatch): WatchEvent[] => {
    if (watch.status !== 'waiting') return [];
    const started: WatchEvent = {
      $case: 'caseClockStarted',
      value: {
        caseNumber: watch.received.caseNumber,
        itemCode: watch.received.itemCode,
        handlingRegionCode: watch.received.handlingRegionCode,
        handlingDepartment: watch.received.handlingDepartment,
        acceptedOn: command.acceptedOn,
        statutoryDeadline: command.statutoryDeadline,
        promisedDeadline: command.promisedDeadline,
      },
    };
    return [started, ...scheduled(watch, command.acceptedOn, { statutory: command.statutoryDeadline, promised: command.promisedDeadline }, command.policy)];
  };

  /** The deadlines moved (an extension, a calendar change): alerts on the old ones are resolved that day. */
  const updateDeadlines = (command: UpdateDeadlines, watch: CaseWatch): WatchEvent[] => {
    if (watch.status === 'stopped') return updateDelivery(command, watch);
    if (watch.status !== 'running' && watch.status !== 'paused') return [];
    const deadlines = { statutory: command.statutoryDeadline, promised: command.promisedDeadline };
    const updated: WatchEvent = {
      $case: 'caseClockDeadlinesUpdated',
      value: { caseNumber: watch.received.caseNumber, statutoryDeadline: deadlines.statutory, promisedDeadline: deadlines.promised, deliveryDeadline: undefined },
    };
    // While paused only the pause is watched (on the calendar as it now stands): resuming schedules on the deadlines.
    const resolved = resolveMoved(watch, deadlines, chinaDateOf(command.now));
    const after = resolved.reduce(evolveWatch, watch) as CaseWatch;
    if (watch.status === 'running') return [updated, ...resolved, ...scheduled(after, watch.clockStart, deadlines, command.policy)];
    const { since, expectedWorkingDays } = currentPause(watch);
    return [updated, ...resolved, ...pauseScheduled(after, since, expectedWorkingDays, command.policy, chinaDateOf(command.now))];
  };

  /** After the conclusion only the delivery deadline can move (a calendar change), until the result is delivered. */
  const updateDelivery = (command: UpdateDeadlines, watch: CaseWatch): WatchEvent[] => {
    const deadline = command.deliveryDeadline;
    if (watch.deliveredOn || !watch.delivery.date || !deadline?.date || deadline.date === watch.delivery.date) return [];
    const updated: WatchEvent = {
      $case: 'caseClockDeadlinesUpdated',
      value: { caseNumber: watch.received.caseNumber, statutoryDeadline: watch.statutory, promisedDeadline: watch.promised, deliveryDeadline: deadline },
    };
    return [updated, ...deliveryScheduled(evolveWatch(watch, updated) as CaseWatch, deadline, command.policy, chinaDateOf(command.now))];
  };

  /** The result was delivered: the delivery deadline's alerts are resolved, nothing more falls due. */
  const recordDelivery = (command: RecordDelivery, watch: CaseWatch): WatchEvent[] => {
    if (watch.status !== 'stopped' || watch.deliveredOn) return [];
    const caseNumber = watch.received.caseNumber;
    const open = openAlerts(watch).filter((alert) => alert.deadlineKind === 'DEADLINE_KIND_DELIVERY').map((alert) => alert.alertId);
    return [
      { $case: 'caseResultDelivered', value: { caseNumber, deliveredOn: command.deliveredOn } },
      ...(open.length ? [{ $case: 'caseAlertsResolved' as const, value: { caseNumber, resolvedOn: command.deliveredOn, alertIds: open, voidedAlertIds: [] } }] : []),
      ...(watch.schedule.length ? [{ $case: 'caseAlertsScheduled' as const, value: { caseNumber, schedule: [] } }] : []),
    ];
  };

  /** Approval's clock stands still: so does the watch, whose deadlines fall due no more; the pause itself is watched. */
  const pauseClock = (command: PauseClock, watch: CaseWatch): WatchEvent[] => {
    if (watch.status !== 'running') return [];
    const caseNumber = watch.received.caseNumber;
    const { kind, since, expectedWorkingDays } = command;
    const paused: WatchEvent = { $case: 'caseClockPaused', value: { caseNumber, kind, since, expectedWorkingDays } };
    const after = evolveWatch(watch, paused) as CaseWatch;
    const schedule = pauseScheduled(after, since, expectedWorkingDays, command.policy);
    return [paused, ...(schedule.length || !watch.schedule.length ? schedule : [{ $case: 'caseAlertsScheduled' as const, value: { caseNumber, schedule: [] } }])];
  };

  /** Approval's clock runs again: the alerts are scheduled anew on the moved deadlines. */
  const resumeClock = (command: ResumeClock, watch: CaseWatch): WatchEvent[] => {
    if (watch.status !== 'paused') return [];
    const { resumedOn, statutoryDeadline, promisedDeadline } = command;
    const deadlines = { statutory: statutoryDeadline, promised: promisedDeadline };
    // The pause's own alerts end with it; alerts on deadlines that moved are resolved.
    const pauseAlerts = openAlerts(watch).filter((alert) => alert.deadlineKind === 'DEADLINE_KIND_PAUSE').map((alert) => alert.alertId);
    const moved = resolveMoved(watch, deadlines, resumedOn);
    const movedIds = moved.flatMap((event) => (event.$case === 'caseAlertsResolved' ? event.value.alertIds : []));
    const resolvedIds = [...pauseAlerts, ...movedIds];
    const resolved: WatchEvent[] = resolvedIds.length
      ? [{ $case: 'caseAlertsResolved', value: { caseNumber: watch.received.caseNumber, resolvedOn: resumedOn, alertIds: resolvedIds, voidedAlertIds: [] } }]
      : [];
    const after = resolved.reduce(evolveWatch, { ...watch, schedule: [] }) as CaseWatch;
    return [
      { $case: 'caseClockResumed', value: { caseNumber: watch.received.caseNumber, resumedOn, statutoryDeadline, promisedDeadline } },
      ...resolved,
      ...scheduled(after, resumedOn, deadlines, command.policy),
    ];
  };

  /** The jurisdiction's policy changed: a running case schedules its alerts under it, a paused one its pause's. */
  const reschedule = (command: Reschedule, watch: CaseWatch): WatchEvent[] => {
    if (watch.status === 'running') return scheduled(watch, watch.clockStart, watch, command.policy);
    if (watch.status !== 'paused') return [];
    const { since, expectedWorkingDays } = currentPause(watch);
    return pauseScheduled(watch, since, expectedWorkingDays, command.policy, chinaDateOf(command.now));
  };

  /** A sweep: every alert due by the sweep's day is raised, once; the rest stay scheduled. */
  const checkAlerts = (command: CheckAlerts, watch: CaseWatch): WatchEvent[] => {
    // Stopped, only a delivery awaited can be scheduled.
    if (watch.status !== 'running' && watch.status !== 'paused' && watch.status !== 'stopped') return [];
    const today = chinaDateOf(command.now);
    const due = watch.schedule.filter((alert) => alert.dueOn <= today);
    if (due.length === 0) return [];
    const caseNumber = watch.received.caseNumber;
    const raised = due.map((alert): WatchEvent => ({
      $case: 'caseAlertRaised',
      value: {
        caseNumber,
        alertId: alertIdOf(caseNumber, alert.deadlineKind, alert.level, alert.deadline?.date ?? ''),
        deadlineKind: alert.deadlineKind,
        level: alert.level,
        dueOn: alert.dueOn,
        raisedOn: today,
        deadline: alert.deadline,
        handlingRegionCode: watch.received.handlingRegionCode,
        handlingDepartment: watch.received.handlingDepartment,
        itemCode: watch.received.itemCode,
        itemName: watch.received.itemName,
      },
    }));
    // What is left to fall due.
    const schedule = watch.schedule.filter((alert) => alert.dueOn > today);
    return [...raised, { $case: 'caseAlertsScheduled', value: { caseNumber, schedule } }];
  };

  /** The case ended (concluded or withdrawn after acceptance): the clock stops, open alerts are resolved. */
  const stopClock = (command: StopClock, watch: CaseWatch): WatchEvent[] => {
    if (watch.status !== 'running' && watch.status !== 'paused') return [];
    const caseNumber = watch.received.caseNumber;
    const pauses = watch.pauses.map((p) => (p.to === '' ? { ...p, to: command.concludedOn } : p));
    const concluded = command.outcome === 'OUTCOME_APPROVED' || command.outcome === 'OUTCOME_DENIED';
    const stopped: WatchEvent = {
      $case: 'caseClockStopped',
      value: {
        caseNumber,
        concludedOn: command.concludedOn,
        workingDaysUsed: countedWorkingDays(calendarOf(watch), watch.acceptedOn, pauses, command.concludedOn),
        withinStatutoryLimit: met(watch.statutory, command.concludedOn),
        withinPromisedLimit: met(watch.promised, command.concludedOn),
        outcome: command.outcome,
        ratingInvitationDueOn: concluded ? addDays(command.concludedOn, command.policy.ratingInvitationDays) : '',
        deliveryDeadline: command.outcome === 'OUTCOME_APPROVED' && command.deliveryDeadline?.date ? command.deliveryDeadline : undefined,
      },
    };
    const open = openAlerts(watch);
    // A sweep that ran before the conclusion reached supervision may have raised an alert due after it.
    const voided = open.filter((alert) => alert.dueOn > command.concludedOn).map((alert) => alert.alertId);
    const resolved: WatchEvent[] = open.length
      ? [{ $case: 'caseAlertsResolved', value: { caseNumber, resolvedOn: command.concludedOn, alertIds: open.map((a) => a.alertId), voidedAlertIds: voided } }]
      : [];
    const after = [stopped, ...resolved].reduce(evolveWatch, watch) as CaseWatch;
    const delivery = after.delivery.date ? deliveryScheduled(after, after.delivery, command.policy, command.concludedOn) : [];
    return [stopped, ...resolved, ...delivery];
  };

  /** Every command but the receipt is about a case supervision received. */
  const received = (state: WatchState): CaseWatch => {
    if (state.status === 'none') throw new FailedPreconditionError('supervision has not received the case');
    return state;
  };

  const decide = (command: WatchCommand, state: WatchState): WatchEvent[] => {
    switch (command.type) {
      case 'ReceiveCase':
        return receiveCase(command, state);
      case 'RecordVisit':
        return recordVisit(command, received(state));
      case 'CloseUnaccepted':
        return closeUnaccepted(command, received(state));
      case 'StartClock':
        return startClock(command, received(state));
      case 'UpdateDeadlines':
        return updateDeadlines(command, received(state));
      case 'PauseClock':
        return pauseClock(command, received(state));
      case 'ResumeClock':
        return resumeClock(command, received(state));
      case 'Reschedule':
        return reschedule(command, received(state));
      case 'CheckAlerts':
        return checkAlerts(command, received(state));
      case 'RecordDelivery':
        return recordDelivery(command, received(state));
      case 'StopClock':
        return stopClock(command, received(state));
      default:
        return assertNever(command);
    }
  };

  return { initialState: () => ({ status: 'none' }), evolve: evolveWatch, decide };
}
