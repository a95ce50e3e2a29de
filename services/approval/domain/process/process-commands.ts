import type { Decision, Plan, PlannedResult } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';

/** An approver as the domain needs them: who, which department, which jurisdiction. */
export interface Approver {
  readonly subject: string;
  readonly department: string;
  /** Region code whose subtree the approver acts in. */
  readonly jurisdiction: string;
}

export interface StartProcess {
  readonly type: 'StartProcess';
  readonly caseNumber: string;
  readonly itemCode: string;
  readonly itemVersion: number;
  readonly itemName: string;
  readonly acceptedOn: string;
  /** The limits as acceptance counted them; approval counts them again on its calendar. */
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  readonly plan: Plan;
  readonly handlingRegionCode: string;
  readonly result: PlannedResult;
  readonly applicantSubject: string;
  readonly applicantPhone: string;
  readonly materialCodes: readonly string[];
  /** The item's agency, which decides the case and alone may ask for the extension. */
  readonly handlingDepartment: string;
  readonly now: Date;
}

export interface ClaimTask {
  readonly type: 'ClaimTask';
  readonly taskId: string;
  readonly approver: Approver;
  readonly now: Date;
}

export interface ReleaseTask {
  readonly type: 'ReleaseTask';
  readonly taskId: string;
  readonly approver: Approver;
}

/** 转办: by the task's holder, or by a supervisor whose jurisdiction covers the task. */
export interface ReassignTask {
  readonly type: 'ReassignTask';
  readonly taskId: string;
  readonly by: { readonly kind: 'approver'; readonly approver: Approver } | { readonly kind: 'supervisor'; readonly subject: string; readonly jurisdiction: string };
  readonly assignee: string;
  readonly reason: string;
}

export interface DecideTask {
  readonly type: 'DecideTask';
  readonly taskId: string;
  readonly approver: Approver;
  readonly decision: Decision;
  readonly opinion: string;
  /** For a return: the item's materials the applicant must supply. */
  readonly materialCodes: readonly string[];
  readonly now: Date;
}

/** 特别程序 kind 2: the clock stands still for a hearing, an inspection, an expert review… */
export interface SuspendClock {
  readonly type: 'SuspendClock';
  readonly taskId: string;
  readonly approver: Approver;
  readonly kind: SuspensionKind;
  readonly reason: string;
  readonly legalBasis: string;
  readonly expectedWorkingDays: number;
  readonly now: Date;
}

/**
 * A special procedure ended (`approver` says so), or the materials a return asked for arrived
 * (no approver; `arrivedOn` is the day they did, however late the news comes).
 */
export interface ResumeClock {
  readonly type: 'ResumeClock';
  readonly taskId: string;
  readonly approver?: Approver;
  readonly arrivedOn?: string;
  readonly result: string;
  readonly now: Date;
}

/** 特别程序 kind 1: the one extension of the statutory limit. */
export interface ExtendDeadline {
  readonly type: 'ExtendDeadline';
  readonly taskId: string;
  readonly approver: Approver;
  readonly reason: string;
  readonly approvedBy: string;
  readonly now: Date;
}

/** The calendar changed (a holiday notice, a jurisdiction's override): count every limit again. */
export interface RecomputeDeadlines {
  readonly type: 'RecomputeDeadlines';
  readonly reason: string;
}

/** The applicant withdrew the case: the process stops, its open tasks leave their inboxes. */
export interface WithdrawProcess {
  readonly type: 'WithdrawProcess';
  readonly reason: string;
  /** "YYYY-MM-DD": a special procedure still under way ends that day. */
  readonly withdrawnOn: string;
}

export type ProcessCommand =
  | StartProcess
  | ClaimTask
  | ReleaseTask
  | ReassignTask
  | DecideTask
  | SuspendClock
  | ResumeClock
  | ExtendDeadline
  | RecomputeDeadlines
  | WithdrawProcess;
