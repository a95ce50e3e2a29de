import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import type { Deadline, Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { CaseAlertRaised, CaseReceived, CaseVisited } from '../../../../generated/onewindow/supervision/v1/events.ts';
import type { AlertDue } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import type { Pause } from '../../../platform/calendar/legal-clock.ts';
import { assertNever } from '../../../platform/domain/decider.ts';
import type { WatchEvent } from './watch-events.ts';

export type WatchStatus = 'waiting' | 'running' | 'paused' | 'stopped' | 'closed';

/** A case as supervision watches it, from its receipt. */
export interface CaseWatch {
  readonly status: WatchStatus;
  readonly received: CaseReceived;
  readonly acceptedOn: string;
  readonly statutory: Deadline;
  readonly promised: Deadline;
  /** The days the clock stood still, the current pause last with no end. */
  readonly pauses: readonly Pause[];
  readonly pausedKind?: SuspensionKind;
  /** What the applicant was told the current pause takes, in working days; 0 when nothing. */
  readonly pausedExpectedWorkingDays?: number;
  /** The day the clock last (re)started: no yellow before it. */
  readonly clockStart: string;
  readonly schedule: readonly AlertDue[];
  readonly raised: ReadonlyMap<string, CaseAlertRaised>;
  /** Raised alerts resolved since (the end, or their deadline moved). */
  readonly resolved: ReadonlySet<string>;
  readonly visits: ReadonlyMap<string, CaseVisited>;
  readonly concludedOn: string;
  readonly outcome: Outcome;
  /** An approved case's delivery deadline (行政许可法 Art. 44), watched until `deliveredOn`. */
  readonly delivery: Deadline;
  readonly deliveredOn: string;
}

export type WatchState = { readonly status: 'none' } | CaseWatch;

const noDeadline: Deadline = { date: '', workingDays: 0, provisional: false };

export function evolveWatch(state: WatchState, event: WatchEvent): WatchState {
  if (event.$case === 'caseReceived') {
    return {
      status: 'waiting',
      received: event.value,
      acceptedOn: '',
      statutory: noDeadline,
      promised: noDeadline,
      pauses: [],
      clockStart: '',
      schedule: [],
      raised: new Map(),
      resolved: new Set(),
      visits: new Map(),
      concludedOn: '',
      outcome: 'OUTCOME_UNSPECIFIED',
      delivery: noDeadline,
      deliveredOn: '',
    };
  }
  if (state.status === 'none') return state;
  switch (event.$case) {
    case 'caseClosedUnaccepted':
      return { ...state, status: 'closed' };
    case 'caseClockStarted': {
      const { acceptedOn, statutoryDeadline, promisedDeadline } = event.value;
      return { ...state, status: 'running', acceptedOn, clockStart: acceptedOn, statutory: statutoryDeadline ?? noDeadline, promised: promisedDeadline ?? noDeadline };
    }
    case 'caseClockDeadlinesUpdated': {
      const { statutoryDeadline, promisedDeadline, deliveryDeadline } = event.value;
      return { ...state, statutory: statutoryDeadline ?? state.statutory, promised: promisedDeadline ?? state.promised, delivery: deliveryDeadline?.date ? deliveryDeadline : state.delivery };
    }
    case 'caseClockPaused':
      return {
        ...state,
        status: 'paused',
        pausedKind: event.value.kind,
        pausedExpectedWorkingDays: event.value.expectedWorkingDays,
        pauses: [...state.pauses, { from: event.value.since, to: '' }],
      };
    case 'caseClockResumed': {
      const { resumedOn, statutoryDeadline, promisedDeadline } = event.value;
      return {
        ...state,
        status: 'running',
        pausedKind: undefined,
        pausedExpectedWorkingDays: undefined,
        clockStart: resumedOn,
        pauses: state.pauses.map((p) => (p.to === '' ? { ...p, to: resumedOn } : p)),
        statutory: statutoryDeadline ?? state.statutory,
        promised: promisedDeadline ?? state.promised,
      };
    }
    case 'caseAlertsScheduled':
      return { ...state, schedule: event.value.schedule };
    case 'caseAlertRaised':
      return { ...state, raised: new Map(state.raised).set(event.value.alertId, event.value) };
    case 'caseAlertsResolved':
      return { ...state, resolved: new Set([...state.resolved, ...event.value.alertIds]) };
    case 'caseVisited':
      return { ...state, visits: new Map(state.visits).set(event.value.visitId, event.value) };
    case 'caseClockStopped':
      return { ...state, status: 'stopped', concludedOn: event.value.concludedOn, outcome: event.value.outcome, schedule: [], delivery: event.value.deliveryDeadline ?? noDeadline };
    case 'caseResultDelivered':
      return { ...state, deliveredOn: event.value.deliveredOn };
    default:
      return assertNever(event);
  }
}
