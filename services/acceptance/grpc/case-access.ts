import type { Case, HistoryEntry } from '../../../generated/onewindow/acceptance/v1/case.ts';
import { isWithin } from '../../platform/codes/region-code.ts';
import { PermissionDeniedError } from '../../platform/domain/errors.ts';
import type { CallContext } from '../../platform/grpc/call-context.ts';
import { maskPersonalData } from '../../platform/logging/mask-personal-data.ts';

/** What decides who may see a case. */
export interface CaseAccess {
  readonly applicantSubject: string;
  readonly handlingRegionCode: string;
  readonly submittedRegionCode: string;
}

/** Applicants see their own cases; staff, cases received or handled inside their jurisdiction. */
export function mayAccessCase(context: CallContext, access: CaseAccess): boolean {
  if (context.role === 'ROLE_APPLICANT') return access.applicantSubject === context.caller.subject;
  const jurisdiction = context.caller.regionCode;
  return Boolean(jurisdiction) && (isWithin(access.handlingRegionCode, jurisdiction) || isWithin(access.submittedRegionCode, jurisdiction));
}

export function assertMayAccessCase(context: CallContext, access: CaseAccess): void {
  if (!mayAccessCase(context, access)) {
    throw new PermissionDeniedError(context.role === 'ROLE_APPLICANT' ? 'applicants may reach their own cases only' : 'the case lies outside the caller\'s jurisdiction');
  }
}

/**
 * How the back office shares its work out (who held a task, why it changed hands) and how
 * supervision oversees it (appeals against ratings, orders to departments).
 */
const INTERNAL_EVENTS = new Set([
  'taskReleased', 'taskReassigned', 'ratingAppealed', 'appealReviewed', 'supervisionOrderIssued', 'supervisionOrderReplied', 'supervisionOrderClosed',
]);

/** A rating's steps name the rater, or are the rater's acts; staff never see who rated (DOMAIN §3). */
const RATER_EVENTS = new Set(['ratingSubmitted', 'responseScored', 'badRatingVerified', 'rectificationReported']);
const RATER_FIELDS = ['raterSubject', 'raterPhone'];
const RATER_EVENTS_AND_INVITATION = new Set([...RATER_EVENTS, 'ratingInvited']);

/**
 * The history as a caller may read it: the front (applicants, counter clerks) sees that a task
 * changed hands, not between whom or why; staff see a rating's steps without the rater.
 */
export function presentHistoryEntry(entry: HistoryEntry, context: CallContext): HistoryEntry {
  const front = context.role === 'ROLE_APPLICANT' || context.role === 'ROLE_CLERK';
  if (front && INTERNAL_EVENTS.has(entry.eventType)) return { ...entry, data: { caseNumber: entry.caseNumber } };
  if (context.role === 'ROLE_APPLICANT') return entry;
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
export function presentCase(view: Case, context: CallContext, inJurisdiction = true): Case {
  return context.role === 'ROLE_APPLICANT' || (context.role === 'ROLE_CLERK' && inJurisdiction) ? view : maskPersonalData(view);
}
