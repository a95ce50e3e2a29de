import type { Applicant, SubmittedMaterial } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import type { Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';

export interface SubmitCase {
  readonly type: 'SubmitCase';
  readonly caseNumber: string;
  /** The catalog item's current version, which the case pins. */
  readonly item: ServiceItem;
  readonly applicant: Applicant;
  readonly materials: readonly SubmittedMaterial[];
  readonly submittedRegionCode: string;
  readonly channel: Channel;
  readonly applicantSubject: string;
  readonly now: Date;
}

export interface AcceptCase {
  readonly type: 'AcceptCase';
  /** The item at the version the case pinned. */
  readonly item: ServiceItem;
  readonly now: Date;
}

/** Mirrors approval's conclusion into the case. */
export interface ConcludeCase {
  readonly type: 'ConcludeCase';
  readonly outcome: Outcome;
  readonly concludedOn: string;
  readonly resultReference: string;
  readonly reason: string;
  readonly now: Date;
}

export type CaseCommand = SubmitCase | AcceptCase | ConcludeCase;
