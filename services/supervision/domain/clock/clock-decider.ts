import type { Deadline, Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { CaseClockStarted, CaseClockStopped } from '../../../../generated/onewindow/supervision/v1/events.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import type { ClockEvent } from './clock-events.ts';

export interface StartClock {
  readonly type: 'StartClock';
  readonly caseNumber: string;
  readonly itemCode: string;
  readonly handlingRegionCode: string;
  readonly handlingDepartment: string;
  readonly acceptedOn: string;
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
}

export interface StopClock {
  readonly type: 'StopClock';
  readonly concludedOn: string;
  readonly outcome: Outcome;
}

/** Acceptance computed the deadlines again (a holiday notice or override arrived). */
export interface UpdateDeadlines {
  readonly type: 'UpdateDeadlines';
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
}

export type ClockCommand = StartClock | StopClock | UpdateDeadlines;

export type ClockState =
  | { readonly status: 'none' }
  | { readonly status: 'running'; readonly started: CaseClockStarted }
  | { readonly status: 'stopped'; readonly started: CaseClockStarted; readonly stopped: CaseClockStopped };

/** A deadline is met when there is none, or when the case concluded on or before its date. */
const met = (deadline: Deadline | undefined, concludedOn: string) => !deadline?.date || concludedOn <= deadline.date;

/** A case's clock in working days (效能监督), from acceptance to conclusion or withdrawal. */
export function clockDecider(calendars: CalendarRegistry): Decider<ClockCommand, ClockEvent, ClockState> {
  return {
    initialState: () => ({ status: 'none' }),
    evolve(state, event) {
      switch (event.$case) {
        case 'caseClockStarted':
          return { status: 'running', started: event.value };
        case 'caseClockStopped':
          return state.status === 'running' ? { status: 'stopped', started: state.started, stopped: event.value } : state;
        case 'caseClockDeadlinesUpdated':
          return state.status === 'none'
            ? state
            : { ...state, started: { ...state.started, statutoryDeadline: event.value.statutoryDeadline, promisedDeadline: event.value.promisedDeadline } };
        default:
          return assertNever(event);
      }
    },
    decide(command, state) {
      switch (command.type) {
        case 'StartClock': {
          if (state.status !== 'none') return [];
          const { type: _type, ...started } = command;
          return [{ $case: 'caseClockStarted', value: started }];
        }
        case 'StopClock': {
          if (state.status === 'stopped') return [];
          if (state.status === 'none') throw new FailedPreconditionError('the clock of a case that was never accepted cannot stop');
          const { started } = state;
          return [
            {
              $case: 'caseClockStopped',
              value: {
                caseNumber: started.caseNumber,
                concludedOn: command.concludedOn,
                workingDaysUsed: Math.max(0, calendars.calendarFor(started.handlingRegionCode).workingDaysBetween(started.acceptedOn, command.concludedOn).days),
                withinStatutoryLimit: met(started.statutoryDeadline, command.concludedOn),
                withinPromisedLimit: met(started.promisedDeadline, command.concludedOn),
                outcome: command.outcome,
              },
            },
          ];
        }
        case 'UpdateDeadlines':
          if (state.status !== 'running') return [];
          return [
            {
              $case: 'caseClockDeadlinesUpdated',
              value: { caseNumber: state.started.caseNumber, statutoryDeadline: command.statutoryDeadline, promisedDeadline: command.promisedDeadline },
            },
          ];
        default:
          return assertNever(command);
      }
    },
  };
}
