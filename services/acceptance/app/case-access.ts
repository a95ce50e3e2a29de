import type { Case, HistoryEntry } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { CallContext } from '../../platform/app/call-context.ts';
import { maskPersonalData } from '../../platform/privacy/mask-personal-data.ts';
import type { ResourceFacts } from '../../platform/security/resource-scope.ts';

/** What decides who may see a case. */
export interface CaseAccess {
  readonly applicantSubject: string;
  readonly handlingRegionCode: string;
  readonly submittedRegionCode: string;
}

/** A case as the access policy sees it: its applicant, and where it was received and is handled. */
export const caseResource = (access: CaseAccess): ResourceFacts => ({
  owner: access.applicantSubject,
  regions: [access.handlingRegionCode, access.submittedRegionCode],
});

/** Whether the case lies within the caller's scope for this method (the policy table's). */
export function mayAccessCase(caller: CallContext, access: CaseAccess): boolean {
  return caller.mayReach(caseResource(access));
}

export function assertMayAccessCase(caller: CallContext, access: CaseAccess): void {
  caller.authorize(caseResource(access));
}

/**
 * How the back office shares its work out (who held a task, why it changed hands) and how
 * supervision oversees it (appeals against ratings, orders to departments).
 */
const INTERNAL_EVENTS = new Set([
  'taskReleased', 'taskReassigned', 'ratingAppealed', 'appealReviewed', 'supervisionOrderIssued', 'supervisionOrderReplied', 'supervisionOrderClosed',
]);

/**
 * A rating's steps name the rater, or are the rater's acts; staff never see who rated
 * (docs/architecture.md, Supervision).
 */
const RATER_EVENTS = new Set(['ratingSubmitted', 'responseScored', 'badRatingVerified', 'rectificationReported']);
const RATER_FIELDS = ['raterSubject', 'raterPhone'];
const RATER_EVENTS_AND_INVITATION = new Set([...RATER_EVENTS, 'ratingInvited']);

/**
 * The history as a caller may read it: the front (applicants, counter clerks) sees that a task
 * changed hands, not between whom or why; staff see a rating's steps without the rater.
 */
export function presentHistoryEntry(entry: HistoryEntry, caller: CallContext): HistoryEntry {
  const front = caller.role === 'ROLE_APPLICANT' || caller.role === 'ROLE_CLERK';
  if (front && INTERNAL_EVENTS.has(entry.eventType)) return { ...entry, data: { caseNumber: entry.caseNumber } };
  if (caller.role === 'ROLE_APPLICANT') return entry;
  // A message to the rater about their rating names them as its recipient.
  if (entry.eventType === 'notificationQueued' && RATER_EVENTS_AND_INVITATION.has(String(entry.data?.sourceEventType))) {
    return { ...entry, data: { ...entry.data, recipientSubject: '', address: '' } };
  }
  if (!RATER_EVENTS.has(entry.eventType)) return entry;
  const data = entry.data && Object.fromEntries(Object.entries(entry.data).filter(([field]) => !RATER_FIELDS.includes(field)));
  const actor = entry.actor?.role === 'ROLE_APPLICANT' ? { ...entry.actor, subject: '' } : entry.actor;
  return { ...entry, data, actor };
}

/**
 * Applicants and the clerks of the case's jurisdiction work with the applicant's identity;
 * everyone else (a clerk handing a result over elsewhere, approvers, supervisors) sees it masked.
 */
export function presentCase(view: Case, caller: CallContext, inJurisdiction = true): Case {
  if (caller.role === 'ROLE_APPLICANT' || (caller.role === 'ROLE_CLERK' && inJurisdiction)) {
    caller.showPersonalData();
    return view;
  }
  // The server masks sealed values; this masks what was stored before personal data was sealed.
  return maskPersonalData(view);
}
