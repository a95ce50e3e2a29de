import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import type { Deadline, Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { CaseReceived } from '../../../../generated/onewindow/supervision/v1/events.ts';
import type { CaseEnding, SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';

export interface ReceiveCase {
  readonly type: 'ReceiveCase';
  readonly received: CaseReceived;
}

/** Refused (不予受理) or withdrawn before acceptance. */
export interface CloseUnaccepted {
  readonly type: 'CloseUnaccepted';
  readonly ending: CaseEnding;
  readonly closedOn: string;
}

export interface StartClock {
  readonly type: 'StartClock';
  readonly acceptedOn: string;
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  /** The policy of the handling jurisdiction as it stands. */
  readonly policy: SupervisionPolicy;
}

/** The deadlines moved (a calendar change, an extension). */
export interface UpdateDeadlines {
  readonly type: 'UpdateDeadlines';
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  /** A concluded case's delivery deadline, when it moved (a calendar change). */
  readonly deliveryDeadline?: Deadline;
  readonly policy: SupervisionPolicy;
  /** When they moved: alerts raised on the old deadlines are resolved on its day. */
  readonly now: Date;
}

/** The applicant came to a hall's window about the case: a visit that may be rated on site. */
export interface RecordVisit {
  readonly type: 'RecordVisit';
  readonly hallId: string;
  readonly windowId: string;
  readonly staffSubject: string;
  /** When the counter acted: the visit is that day's. */
  readonly now: Date;
}

/** Approval's clock stands still: the watch pauses; only the pause itself is watched. */
export interface PauseClock {
  readonly type: 'PauseClock';
  readonly kind: SuspensionKind;
  readonly since: string;
  /** What the applicant was told it takes; 0 when nothing was told. */
  readonly expectedWorkingDays: number;
  readonly policy: SupervisionPolicy;
}

export interface ResumeClock {
  readonly type: 'ResumeClock';
  readonly resumedOn: string;
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  readonly policy: SupervisionPolicy;
}

/** The jurisdiction's policy changed: schedule the alerts again. */
export interface Reschedule {
  readonly type: 'Reschedule';
  readonly policy: SupervisionPolicy;
  /** When the policy changed: alerts it moves are resolved that day. */
  readonly now: Date;
}

/** A sweep found alerts due: raise those due by its day, each once. */
export interface CheckAlerts {
  readonly type: 'CheckAlerts';
  /** The instant of the sweep. */
  readonly now: Date;
}

export interface StopClock {
  readonly type: 'StopClock';
  readonly concludedOn: string;
  readonly outcome: Outcome;
  readonly policy: SupervisionPolicy;
  /** An approved case's: the result must be delivered by it (行政许可法 Art. 44); none otherwise. */
  readonly deliveryDeadline?: Deadline;
}

/** The result was delivered (出件): the delivery deadline is met. */
export interface RecordDelivery {
  readonly type: 'RecordDelivery';
  readonly deliveredOn: string;
}

export type WatchCommand =
  | ReceiveCase
  | RecordVisit
  | CloseUnaccepted
  | StartClock
  | UpdateDeadlines
  | PauseClock
  | ResumeClock
  | Reschedule
  | CheckAlerts
  | StopClock
  | RecordDelivery;
