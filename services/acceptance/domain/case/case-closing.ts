import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { FailedPreconditionError, ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import { deadlineFrom } from './case-acceptance.ts';
import type { ConcludeCase, DeliverResult, RecomputeDeadlines, WithdrawCase } from './case-commands.ts';
import type { CaseEvent } from './case-events.ts';
import type { CaseState } from './case-state.ts';

/** 行政许可法 Art. 44: the licence is issued within 10 working days of the decision. */
export const DELIVERY_WORKING_DAYS = 10;

export function caseClosingRules(calendars: CalendarRegistry) {
  return {
    withdraw(command: WithdrawCase, state: CaseState): CaseEvent[] {
      if (state.status === 'none') throw new FailedPreconditionError('the case does not exist');
      if (!['submitted', 'supplement-requested', 'accepted'].includes(state.status)) {
        throw new FailedPreconditionError(`a case that is ${state.status} can no longer be withdrawn`);
      }
      const { submitted } = state;
      return [
        {
          $case: 'caseWithdrawn',
          value: {
            caseNumber: submitted.caseNumber,
            reason: command.reason,
            withdrawnOn: chinaDateOf(command.now),
            wasAccepted: state.status === 'accepted',
            itemName: submitted.itemName,
            applicantSubject: submitted.applicantSubject,
            applicantPhone: submitted.applicant?.phone ?? '',
          },
        },
      ];
    },

    /** Approval's decision, mirrored. Ignored after a withdrawal that crossed it, or once done. */
    conclude(command: ConcludeCase, state: CaseState): CaseEvent[] {
      if (state.status === 'concluded' || state.status === 'delivered' || state.status === 'withdrawn') return [];
      if (state.status !== 'accepted') throw new FailedPreconditionError(`a case that is ${state.status} cannot be concluded`);
      const { submitted } = state;
      const approved = command.outcome === 'OUTCOME_APPROVED';
      const licenseType = approved && command.item.result?.kind === 'RESULT_KIND_E_LICENSE' ? command.item.result.licenseType : '';
      return [
        {
          $case: 'caseConcluded',
          value: {
            caseNumber: submitted.caseNumber,
            outcome: command.outcome,
            concludedOn: command.concludedOn,
            resultReference: command.resultReference,
            reason: command.reason,
            itemName: submitted.itemName,
            applicantSubject: submitted.applicantSubject,
            applicantPhone: submitted.applicant?.phone ?? '',
            deliveryDeadline: deadlineFrom(calendars.calendarFor(submitted.handlingRegionCode), command.concludedOn, DELIVERY_WORKING_DAYS),
            licenseType,
            holderId: submitted.holderId,
            bundleId: submitted.bundleId,
          },
        },
      ];
    },

    /** 出件: at any hall's window (收受分离), by mail or electronically; after a 容缺 catch-up only. */
    deliver(command: DeliverResult, state: CaseState): CaseEvent[] {
      if (state.status === 'none') throw new FailedPreconditionError('the case does not exist');
      if (state.status !== 'concluded') throw new FailedPreconditionError(`a case that is ${state.status} has no result to hand over`);
      if (state.pendingMaterials.length) {
        throw new FailedPreconditionError(`容缺: the result is handed over once these materials are caught up: ${state.pendingMaterials.join(', ')}`);
      }
      if (command.method === 'DELIVERY_METHOD_WINDOW' && !command.hallId) {
        throw ValidationError.field('metadata.authorization', 'must name the hall of the window that hands the result over');
      }
      if (command.method === 'DELIVERY_METHOD_MAIL' && !command.trackingNumber.trim()) {
        throw ValidationError.field('tracking_number', 'is required for a result sent by mail');
      }
      if (command.collectorHolderId && command.collectorHolderId !== state.submitted.holderId) {
        throw new FailedPreconditionError('the collector is not the applicant: the result is handed to the applicant only');
      }
      const { submitted, concluded } = state;
      return [
        {
          $case: 'resultDelivered',
          value: {
            caseNumber: submitted.caseNumber,
            method: command.method,
            hallId: command.hallId,
            regionCode: command.regionCode,
            deliveredOn: chinaDateOf(command.now),
            trackingNumber: command.trackingNumber,
            itemName: submitted.itemName,
            applicantSubject: submitted.applicantSubject,
            applicantPhone: submitted.applicant?.phone ?? '',
            resultReference: concluded?.resultReference ?? '',
          },
        },
      ];
    },

    /**
     * Acceptance's own deadlines of an open case (the 容缺 catch-up; the delivery of a concluded
     * case not yet handed over), on the calendar as it now stands; nothing if none moved.
     */
    recompute(command: RecomputeDeadlines, state: CaseState): CaseEvent[] {
      if ((state.status !== 'accepted' && state.status !== 'concluded') || !state.accepted) return [];
      const { accepted, concluded } = state;
      const calendar = calendars.calendarFor(state.submitted.handlingRegionCode);
      // The statutory and promised deadlines are approval's once its process runs (its clock
      // stops and may be extended); it recomputes them and the case mirrors them.
      const recomputed = {
        statutoryDeadline: accepted.statutoryDeadline,
        promisedDeadline: accepted.promisedDeadline,
        catchUpDeadline: deadlineFrom(calendar, accepted.acceptedOn, accepted.catchUpDeadline?.workingDays ?? 0),
        deliveryDeadline: concluded ? deadlineFrom(calendar, concluded.concludedOn, DELIVERY_WORKING_DAYS) : undefined,
      };
      const before = [accepted.statutoryDeadline, accepted.promisedDeadline, accepted.catchUpDeadline, concluded?.deliveryDeadline];
      const after = [recomputed.statutoryDeadline, recomputed.promisedDeadline, recomputed.catchUpDeadline, recomputed.deliveryDeadline];
      if (JSON.stringify(before) === JSON.stringify(after)) return [];
      return [{ $case: 'caseDeadlinesRecomputed', value: { caseNumber: state.submitted.caseNumber, ...recomputed, reason: command.reason } }];
    },
  };
}
