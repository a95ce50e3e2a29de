import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { AlertDue, SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import { addDays } from '../../../platform/calendar/calendar-date.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { countedWorkingDays } from '../../../platform/calendar/legal-clock.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { alertSchedule } from './alert-schedule.ts';
import type { StopClock, WatchCommand } from './watch-commands.ts';
import { type WatchEvent, alertIdOf } from './watch-events.ts';
import { type CaseWatch, type WatchState, evolveWatch } from './watch-state.ts';

/** A deadline is met when there is none, or when the case concluded on or before its date. */
const met = (deadline: Deadline, concludedOn: string) => !deadline.date || concludedOn <= deadline.date;

const sameSchedule = (a: readonly AlertDue[], b: readonly AlertDue[]) =>
  a.length === b.length && a.every((due, i) => due.level === b[i]?.level && due.deadlineKind === b[i]?.deadlineKind && due.dueOn === b[i]?.dueOn && due.deadline?.date === b[i]?.deadline?.date);

/**
 * A case as supervision watches it (效能监督), from its receipt to its conclusion: the clock in
 * working days (standing still while approval's does), the alerts it schedules on its deadlines and
 * its jurisdiction's policy, each raised once when a sweep finds it due, and resolved at the end.
 */
export function watchDecider(calendars: CalendarRegistry): Decider<WatchCommand, WatchEvent, WatchState> {
  const calendarOf = (watch: CaseWatch) => calendars.calendarFor(watch.received.handlingRegionCode);

  /** The schedule on these deadlines, if it differs from the one in force. */
  const scheduled = (watch: CaseWatch, clockStart: string, deadlines: { statutory: Deadline; promised: Deadline }, policy: SupervisionPolicy): WatchEvent[] => {
    const schedule = alertSchedule(calendarOf(watch), clockStart, deadlines, policy).filter(
      (due) => !watch.raised.has(alertIdOf(watch.received.caseNumber, due.deadlineKind, due.level)),
    );
    return sameSchedule(schedule, watch.schedule) ? [] : [{ $case: 'caseAlertsScheduled', value: { caseNumber: watch.received.caseNumber, schedule } }];
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
    const raised = [...watch.raised.keys()];
    return raised.length ? [stopped, { $case: 'caseAlertsResolved', value: { caseNumber, resolvedOn: command.concludedOn, alertIds: raised } }] : [stopped];
  };

  const decide = (command: WatchCommand, state: WatchState): WatchEvent[] => {
    if (command.type === 'ReceiveCase') return state.status === 'none' ? [{ $case: 'caseReceived', value: command.received }] : [];
    if (state.status === 'none') throw new FailedPreconditionError('supervision has not received the case');
    const caseNumber = state.received.caseNumber;
    switch (command.type) {
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
        const deadlines = { statutory: command.statutoryDeadline, promised: command.promisedDeadline };
        return [started, ...scheduled(state, command.acceptedOn, deadlines, command.policy)];
      }
      case 'UpdateDeadlines': {
        if (state.status !== 'running' && state.status !== 'paused') return [];
        const { statutoryDeadline, promisedDeadline } = command;
        const updated: WatchEvent = { $case: 'caseClockDeadlinesUpdated', value: { caseNumber, statutoryDeadline, promisedDeadline } };
        // While paused nothing is scheduled: resuming schedules on the deadlines then.
        return state.status === 'running'
          ? [updated, ...scheduled(state, state.clockStart, { statutory: statutoryDeadline, promised: promisedDeadline }, command.policy)]
          : [updated];
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
        return [
          { $case: 'caseClockResumed', value: { caseNumber, resumedOn, statutoryDeadline, promisedDeadline } },
          ...scheduled({ ...state, schedule: [] }, resumedOn, { statutory: statutoryDeadline, promised: promisedDeadline }, command.policy),
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
            alertId: alertIdOf(caseNumber, alert.deadlineKind, alert.level),
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
