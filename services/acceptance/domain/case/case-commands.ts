import type {
  AcceptanceMode,
  Applicant,
  DeliveryMethod,
  ReusableMaterial,
  SubmittedMaterial,
  SupplementItem,
} from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import type { Deadline, Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';

/** Who hands something in: applicants cannot vouch for a copy (trust A and B need staff). */
export type Submitter = 'applicant' | 'staff';

export interface SubmitCase {
  readonly type: 'SubmitCase';
  readonly caseNumber: string;
  /** The catalog item's current version, which the case pins. */
  readonly item: ServiceItem;
  readonly applicant: Applicant;
  /** Keyed hash of the applicant's ID number or credit code (一号). */
  readonly holderId: string;
  readonly materials: readonly SubmittedMaterial[];
  readonly submittedRegionCode: string;
  readonly channel: Channel;
  readonly submitter: Submitter;
  readonly applicantSubject: string;
  readonly bundleId: string;
  /** What the applicant may reference instead of uploading (their wallet). */
  readonly reusable: readonly ReusableMaterial[];
  readonly now: Date;
}

/** 一次性告知: the clerk lists defective materials; every missing required one is added. */
export interface RequestSupplement {
  readonly type: 'RequestSupplement';
  readonly item: ServiceItem;
  readonly items: readonly SupplementItem[];
  readonly now: Date;
}

export interface SupplyMaterials {
  readonly type: 'SupplyMaterials';
  readonly item: ServiceItem;
  readonly materials: readonly SubmittedMaterial[];
  readonly submitter: Submitter;
  readonly reusable: readonly ReusableMaterial[];
  readonly now: Date;
}

export interface AcceptCase {
  readonly type: 'AcceptCase';
  /** The item at the version the case pinned. */
  readonly item: ServiceItem;
  readonly mode: AcceptanceMode;
  /** 容缺: working days to catch up; 0 takes the most the rules allow. */
  readonly catchUpWorkingDays: number;
  /** The handling jurisdiction allows 容缺受理. */
  readonly toleranceEnabled: boolean;
  /** The applicant has a bad credit record (no 告知承诺). */
  readonly badCredit: boolean;
  readonly now: Date;
}

/** The one-time notice did not come within 5 working days: accepted on the receipt date. */
export interface DeemAcceptance {
  readonly type: 'DeemAcceptance';
  readonly item: ServiceItem;
  readonly now: Date;
}

export interface RefuseCase {
  readonly type: 'RefuseCase';
  readonly reason: string;
  readonly legalBasis: string;
  readonly now: Date;
}

export interface WithdrawCase {
  readonly type: 'WithdrawCase';
  readonly reason: string;
  readonly now: Date;
}

/** Mirrors approval's conclusion into the case. */
export interface ConcludeCase {
  readonly type: 'ConcludeCase';
  readonly item: ServiceItem;
  readonly outcome: Outcome;
  readonly concludedOn: string;
  readonly resultReference: string;
  readonly reason: string;
  readonly now: Date;
}

export interface DeliverResult {
  readonly type: 'DeliverResult';
  readonly method: DeliveryMethod;
  /** The hall and region of the window handing it over (the caller's). */
  readonly hallId: string;
  readonly regionCode: string;
  readonly trackingNumber: string;
  /** The holder id of whoever collects at the window, as checked on their ID card; "" if none. */
  readonly collectorHolderId: string;
  readonly now: Date;
}

/**
 * Approval's clock stopped for the case: a special procedure, or a return for materials (退回补正),
 * which then names the materials the applicant must supply.
 */
export interface MirrorSuspension {
  readonly type: 'MirrorSuspension';
  readonly item: ServiceItem;
  readonly taskId: string;
  readonly kind: SuspensionKind;
  /** "YYYY-MM-DD": the first day that does not count. */
  readonly since: string;
  readonly reason: string;
  readonly legalBasis: string;
  readonly expectedWorkingDays: number;
  readonly materialCodes: readonly string[];
}

/** Approval's clock runs again, with the deadlines as they now stand. */
export interface MirrorResumption {
  readonly type: 'MirrorResumption';
  readonly resumedOn: string;
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  readonly result: string;
}

/** Approval's clock moved the statutory and promised deadlines (it owns them once it runs). */
export interface MirrorDeadlines {
  readonly type: 'MirrorDeadlines';
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  readonly reason: string;
}

/** A holiday notice or override changed the calendar: acceptance's own deadlines are computed again. */
export interface RecomputeDeadlines {
  readonly type: 'RecomputeDeadlines';
  readonly reason: string;
  readonly now: Date;
}

export type CaseCommand =
  | SubmitCase
  | RequestSupplement
  | SupplyMaterials
  | AcceptCase
  | DeemAcceptance
  | RefuseCase
  | WithdrawCase
  | ConcludeCase
  | DeliverResult
  | RecomputeDeadlines
  | MirrorSuspension
  | MirrorResumption
  | MirrorDeadlines;
