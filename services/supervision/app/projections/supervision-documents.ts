import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import type { Deadline, Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { AlertLevel, CaseEnding, DeadlineKind, SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import type { Pause } from '../../../platform/calendar/legal-clock.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import type { WatchStatus } from '../../domain/watch/watch-state.ts';

/** A case as supervision watches it: what clocks, sweeps and statistics query. */
export interface WatchDocument extends ReadModelDocument {
  readonly itemCode: string;
  readonly itemName: string;
  readonly handlingRegionCode: string;
  readonly handlingDepartment: string;
  readonly hallId: string;
  readonly channel: Channel;
  readonly status: WatchStatus;
  readonly receivedOn: string;
  readonly acceptedOn: string;
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  readonly pauses: readonly Pause[];
  readonly pauseKind: SuspensionKind;
  /** The first day an alert falls due ("" when none is scheduled): what the sweep looks for. */
  readonly nextAlertOn: string;
  readonly alertIds: readonly string[];
  readonly concludedOn: string;
  readonly outcome: Outcome;
  readonly workingDaysUsed: number;
  readonly withinStatutoryLimit: boolean;
  readonly withinPromisedLimit: boolean;
  readonly closedOn: string;
  readonly ending: CaseEnding;
  readonly ratingInvitationDueOn: string;
  readonly onlineRated: boolean;
  readonly invited: boolean;
}

export interface AlertDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly deadlineKind: DeadlineKind;
  readonly level: AlertLevel;
  readonly dueOn: string;
  readonly raisedOn: string;
  readonly resolvedOn: string;
  readonly deadline: Deadline | undefined;
  readonly handlingRegionCode: string;
  readonly handlingDepartment: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly hallId: string;
  readonly channel: Channel;
  /** Raised for a day after the conclusion by a sweep that did not know of it: counts nowhere. */
  readonly voided: boolean;
}

export interface RatingDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly handlingRegionCode: string;
  readonly handlingDepartment: string;
  readonly hallId: string;
  readonly itemCode: string;
  readonly caseChannel: Channel;
  readonly level: number;
  readonly ratedOn: string;
  readonly bad: boolean;
  readonly followUp: string;
  readonly excluded: boolean;
  /** Followed up to the end: rectified and reported back, or found not to hold and explained. */
  readonly followedUp: boolean;
  /** Substantiated, and its rectification reported. */
  readonly rectified: boolean;
  readonly contactDueOn: string;
  readonly rectifyDueOn: string;
  /** The rating as proto3 JSON. */
  readonly rating: unknown;
}

export interface OrderDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly department: string;
  readonly regionCode: string;
  readonly status: string;
  readonly dueOn: string;
  readonly order: unknown;
}

export interface PolicyDocument extends ReadModelDocument {
  readonly policy: SupervisionPolicy;
}

export const WATCHES = 'watches';
export const ALERTS = 'alerts';
export const RATINGS = 'ratings';
export const ORDERS = 'orders';
export const POLICIES = 'policies';
