import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { AlertDue, SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import { addDays } from '../../../platform/calendar/calendar-date.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { countedWorkingDays } from '../../../platform/calendar/legal-clock.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { alertSchedule } from './alert-schedule.ts';
import type { StopClock, WatchCommand } from './watch-commands.ts';
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
  const scheduled = (watch: CaseWatch, clockStart: string, deadlines: Deadlines, policy: SupervisionPolicy): WatchEvent[] => {
    const caseNumber = watch.received.caseNumber;
    const schedule = alertSchedule(calendarOf(watch), clockStart, deadlines, policy).filter(
      (due) => !watch.raised.has(alertIdOf(caseNumber, due.deadlineKind, due.level, due.deadline?.date ?? '')),
    );
    return sameSchedule(schedule, watch.schedule) ? [] : [{ $case: 'caseAlertsScheduled', value: { caseNumber, schedule } }];
  };

  /** Alerts raised on a deadline that has since moved are resolved: the new one gets its own. */
  const resolveMoved = (watch: CaseWatch, deadlines: Deadlines, on: string): WatchEvent[] => {
    const current = { DEADLINE_KIND_PROMISED: deadlines.promised.date, DEADLINE_KIND_STATUTORY: deadlines.statutory.date } as Record<string, string>;
    const moved = openAlerts(watch).filter((alert) => alert.deadline?.date !== current[alert.deadlineKind]);
    return moved.length
      ? [{ $case: 'caseAlertsResolved', value: { caseNumber: watch.received.caseNumber, resolvedOn: on, alertIds: moved.map((a) => a.alertId), voidedAlertIds: [] } }]
      : [];
  };

  const stop = (command: StopClock, watch: CaseWatch): WatchEvent[] => {
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
      },
    };
    const open = openAlerts(watch);
    if (open.length === 0) return [stopped];
    // A sweep that ran before the conclusion reached supervision may have raised an alert due after it.
    const voided = open.filter((alert) => alert.dueOn > command.concludedOn).map((alert) => alert.alertId);
    return [stopped, { $case: 'caseAlertsResolved', value: { caseNumber, resolvedOn: command.concludedOn, alertIds: open.map((a) => a.alertId), voidedAlertIds: voided } }];
  };

  const decide = (command: WatchCommand, state: WatchState): WatchEvent[] => {
    if (command.type === 'ReceiveCase') return state.status === 'none' ? [{ $case: 'caseReceived', value: command.received }] : [];
    if (state.status === 'none') throw new FailedPreconditionError('supervision has not received the case');
    const caseNumber = state.received.caseNumber;
    switch (command.type) {
      case 'RecordVisit': {
        const visitId = visitIdOf(command.hallId, command.on);
        if (!command.hallId || state.visits.has(visitId)) return [];
        return [{ $case: 'caseVisited', value: { caseNumber, visitId, hallId: command.hallId, windowId: command.windowId, staffSubject: command.staffSubject, visitedOn: command.on } }];
      }
      case 'CloseUnaccepted':
        return state.status === 'waiting' ? [{ $case: 'caseClosedUnaccepted', value: { caseNumber, ending: command.ending, closedOn: command.closedOn } }] : [];
      case 'StartClock': {
        if (state.status !== 'waiting') return [];
        const started: WatchEvent = {
          $case: 'caseClockStarted',
          value: {
            caseNumber,
            itemCode: state.received.itemCode,
            handlingRegionCode: state.received.handlingRegionCode,
            handlingDepartment: state.received.handlingDepartment,
            acceptedOn: command.acceptedOn,
            statutoryDeadline: command.statutoryDeadline,
            promisedDeadline: command.promisedDeadline,
          },
        };
        return [started, ...scheduled(state, command.acceptedOn, { statutory: command.statutoryDeadline, promised: command.promisedDeadline }, command.policy)];
      }
      case 'UpdateDeadlines': {
        if (state.status !== 'running' && state.status !== 'paused') return [];
        const deadlines = { statutory: command.statutoryDeadline, promised: command.promisedDeadline };
        const updated: WatchEvent = { $case: 'caseClockDeadlinesUpdated', value: { caseNumber, statutoryDeadline: deadlines.statutory, promisedDeadline: deadlines.promised } };
        // While paused nothing is scheduled: resuming schedules on the deadlines then.
        const resolved = resolveMoved(state, deadlines, command.today);
        const after = resolved.reduce(evolveWatch, state) as CaseWatch;
        return state.status === 'running' ? [updated, ...resolved, ...scheduled(after, state.clockStart, deadlines, command.policy)] : [updated, ...resolved];
      }
      case 'PauseClock':
        if (state.status !== 'running') return [];
        return [
          { $case: 'caseClockPaused', value: { caseNumber, kind: command.kind, since: command.since } },
          ...(state.schedule.length ? [{ $case: 'caseAlertsScheduled' as const, value: { caseNumber, schedule: [] } }] : []),
        ];
      case 'ResumeClock': {
        if (state.status !== 'paused') return [];
        const { resumedOn, statutoryDeadline, promisedDeadline } = command;
        const deadlines = { statutory: statutoryDeadline, promised: promisedDeadline };
        const resolved = resolveMoved(state, deadlines, resumedOn);
        const after = resolved.reduce(evolveWatch, { ...state, schedule: [] }) as CaseWatch;
        return [
          { $case: 'caseClockResumed', value: { caseNumber, resumedOn, statutoryDeadline, promisedDeadline } },
          ...resolved,
          ...scheduled(after, resumedOn, deadlines, command.policy),
        ];
      }
      case 'Reschedule':
        return state.status === 'running' ? scheduled(state, state.clockStart, state, command.policy) : [];
      case 'CheckAlerts': {
        if (state.status !== 'running') return [];
        const due = state.schedule.filter((alert) => alert.dueOn <= command.today);
        if (due.length === 0) return [];
        const raised = due.map((alert): WatchEvent => ({
          $case: 'caseAlertRaised',
          value: {
            caseNumber,
            alertId: alertIdOf(caseNumber, alert.deadlineKind, alert.level, alert.deadline?.date ?? ''),
            deadlineKind: alert.deadlineKind,
            level: alert.level,
            dueOn: alert.dueOn,
            raisedOn: command.today,
            deadline: alert.deadline,
            handlingRegionCode: state.received.handlingRegionCode,
            handlingDepartment: state.received.handlingDepartment,
            itemCode: state.received.itemCode,
            itemName: state.received.itemName,
          },
        }));
        // What is left to fall due.
        const schedule = state.schedule.filter((alert) => alert.dueOn > command.today);
        return [...raised, { $case: 'caseAlertsScheduled', value: { caseNumber, schedule } }];
      }
      case 'StopClock':
        return state.status === 'running' || state.status === 'paused' ? stop(command, state) : [];
      default:
        return assertNever(command);
    }
  };

  return { initialState: () => ({ status: 'none' }), evolve: evolveWatch, decide };
}
