import type { Plan, PlannedResult, Decision } from '../../../../generated/onewindow/approval/v1/process.ts';
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
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  readonly plan: Plan;
  readonly handlingRegionCode: string;
  readonly result: PlannedResult;
  readonly now: Date;
}

export interface ClaimTask {
  readonly type: 'ClaimTask';
  readonly taskId: string;
  readonly approver: Approver;
  readonly now: Date;
}

export interface DecideTask {
  readonly type: 'DecideTask';
  readonly taskId: string;
  readonly approver: Approver;
  readonly decision: Decision;
  readonly opinion: string;
  readonly now: Date;
}

/** The applicant withdrew the case: the process stops, its open tasks leave their inboxes. */
export interface WithdrawProcess {
  readonly type: 'WithdrawProcess';
  readonly reason: string;
}

export type ProcessCommand = StartProcess | ClaimTask | DecideTask | WithdrawProcess;
