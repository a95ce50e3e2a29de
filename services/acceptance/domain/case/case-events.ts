import type { AcceptancePayload } from '../acceptance-payload.ts';

export const caseEventTypes = [
  'caseSubmitted',
  'supplementRequested',
  'materialsSupplied',
  'caseAccepted',
  'catchUpCompleted',
  'caseRefused',
  'caseWithdrawn',
  'caseConcluded',
  'resultDelivered',
  'caseDeadlinesRecomputed',
  'approvalSupplementRequested',
  'approvalSupplementSupplied',
  'caseSuspended',
  'caseResumed',
] as const;

/** The events of a case stream ("case-<case number>"). */
export type CaseEvent = Extract<AcceptancePayload, { $case: (typeof caseEventTypes)[number] }>;

export const caseStreamId = (caseNumber: string) => `case-${caseNumber}`;
export const CASE_STREAM_TYPE = 'case';
