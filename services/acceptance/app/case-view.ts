import type { Case } from '../../../generated/onewindow/acceptance/v1/case.ts';
import { assertNever } from '../../platform/domain/decider.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { CaseEvent } from '../domain/case/case-events.ts';

const emptyDeadline = { date: '', workingDays: 0, provisional: false };

/** The case as channels see it, folded from the case stream's events with their envelopes. */
export function evolveCaseView(view: Case | undefined, event: EventEnvelope<CaseEvent>): Case {
  const payload = event.payload;
  switch (payload.$case) {
    case 'caseSubmitted': {
      const s = payload.value;
      return {
        caseNumber: s.caseNumber,
        itemCode: s.itemCode,
        itemVersion: s.itemVersion,
        itemName: s.itemName,
        status: 'CASE_STATUS_SUBMITTED',
        applicant: s.applicant,
        materials: s.materials,
        submittedRegionCode: s.submittedRegionCode,
        handlingRegionCode: s.handlingRegionCode,
        channel: s.channel,
        submittedAt: event.occurredAt,
        acceptedAt: undefined,
        statutoryDeadline: emptyDeadline,
        promisedDeadline: emptyDeadline,
        concludedAt: undefined,
        outcome: 'OUTCOME_UNSPECIFIED',
      };
    }
    case 'caseAccepted':
      return {
        ...view!,
        status: 'CASE_STATUS_ACCEPTED',
        acceptedAt: event.occurredAt,
        statutoryDeadline: payload.value.statutoryDeadline,
        promisedDeadline: payload.value.promisedDeadline,
      };
    case 'caseConcluded':
      return { ...view!, status: 'CASE_STATUS_CONCLUDED', concludedAt: event.occurredAt, outcome: payload.value.outcome };
    default:
      return assertNever(payload);
  }
}

export function caseViewOf(events: readonly EventEnvelope<CaseEvent>[]): Case | undefined {
  return events.reduce<Case | undefined>(evolveCaseView, undefined);
}
