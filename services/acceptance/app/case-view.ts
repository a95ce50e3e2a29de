import type { Case } from '../../../generated/onewindow/acceptance/v1/case.ts';
import { assertNever } from '../../platform/domain/decider.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { CaseEvent } from '../domain/case/case-events.ts';

const noDeadline = { date: '', workingDays: 0, provisional: false };

/** The case as channels see it, folded from the case stream's events with their envelopes. */
export function evolveCaseView(view: Case | undefined, event: EventEnvelope<CaseEvent>): Case {
  const payload = event.payload;
  if (payload.$case === 'caseSubmitted') {
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
      statutoryDeadline: noDeadline,
      promisedDeadline: noDeadline,
      concludedAt: undefined,
      outcome: 'OUTCOME_UNSPECIFIED',
      hallId: event.actor.hallId,
      windowId: event.actor.windowId,
      bundleId: s.bundleId,
      acceptanceMode: 'ACCEPTANCE_MODE_UNSPECIFIED',
      supplement: [],
      pendingMaterials: [],
      catchUpDeadline: noDeadline,
      deliveryDeadline: noDeadline,
      deliveryMethod: 'DELIVERY_METHOD_UNSPECIFIED',
      deliveryHallId: '',
      deliveryRegionCode: '',
      deliveredAt: undefined,
      reason: '',
      legalBasis: '',
      resultReference: '',
      approvalSupplement: [],
      pause: undefined,
    };
  }
  if (!view) throw new Error(`${payload.$case} before caseSubmitted in ${event.streamId}`);
  switch (payload.$case) {
    case 'supplementRequested':
      return { ...view, status: 'CASE_STATUS_SUPPLEMENT_REQUESTED', supplement: payload.value.items };
    case 'materialsSupplied': {
      const supplied = new Set(payload.value.materials.map((m) => m.materialCode));
      return {
        ...view,
        materials: [...view.materials.filter((m) => !supplied.has(m.materialCode)), ...payload.value.materials],
        pendingMaterials: view.pendingMaterials.filter((code) => !supplied.has(code)),
        approvalSupplement: view.approvalSupplement.filter((item) => !supplied.has(item.materialCode)),
      };
    }
    case 'approvalSupplementRequested':
      return { ...view, approvalSupplement: payload.value.items };
    case 'approvalSupplementSupplied':
      return { ...view, approvalSupplement: [] };
    case 'caseSuspended': {
      const { kind, since, reason, expectedWorkingDays } = payload.value;
      return { ...view, pause: { kind, since, reason, expectedWorkingDays } };
    }
    case 'caseResumed':
      return { ...view, pause: undefined, statutoryDeadline: payload.value.statutoryDeadline, promisedDeadline: payload.value.promisedDeadline };
    case 'caseAccepted':
      return {
        ...view,
        status: 'CASE_STATUS_ACCEPTED',
        acceptedAt: event.occurredAt,
        acceptanceMode: payload.value.mode,
        statutoryDeadline: payload.value.statutoryDeadline,
        promisedDeadline: payload.value.promisedDeadline,
        pendingMaterials: payload.value.pendingMaterials,
        catchUpDeadline: payload.value.catchUpDeadline,
      };
    case 'catchUpCompleted':
      return { ...view, pendingMaterials: [] };
    case 'caseRefused':
      return { ...view, status: 'CASE_STATUS_REFUSED', reason: payload.value.reason, legalBasis: payload.value.legalBasis };
    case 'caseWithdrawn':
      return { ...view, status: 'CASE_STATUS_WITHDRAWN', reason: payload.value.reason, outcome: 'OUTCOME_WITHDRAWN', approvalSupplement: [], pause: undefined };
    case 'caseConcluded':
      return {
        ...view,
        status: 'CASE_STATUS_CONCLUDED',
        concludedAt: event.occurredAt,
        outcome: payload.value.outcome,
        reason: payload.value.reason,
        deliveryDeadline: payload.value.deliveryDeadline,
        resultReference: payload.value.resultReference,
      };
    case 'resultDelivered':
      return {
        ...view,
        status: 'CASE_STATUS_DELIVERED',
        deliveryMethod: payload.value.method,
        deliveryHallId: payload.value.hallId,
        deliveryRegionCode: payload.value.regionCode,
        deliveredAt: event.occurredAt,
      };
    case 'caseDeadlinesRecomputed':
      return {
        ...view,
        statutoryDeadline: payload.value.statutoryDeadline,
        promisedDeadline: payload.value.promisedDeadline,
        catchUpDeadline: payload.value.catchUpDeadline,
        deliveryDeadline: payload.value.deliveryDeadline ?? view.deliveryDeadline,
      };
    default:
      return assertNever(payload);
  }
}

export function caseViewOf(events: readonly EventEnvelope<CaseEvent>[]): Case | undefined {
  return events.reduce<Case | undefined>(evolveCaseView, undefined);
}
