import type { SupplementItem } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { MaterialRequirement, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import type { WorkingCalendar } from '../../../platform/calendar/working-calendar.ts';
import { FailedPreconditionError, ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { AcceptCase, DeemAcceptance, RefuseCase, RequestSupplement } from './case-commands.ts';
import type { CaseEvent } from './case-events.ts';
import { type CaseRecord, type CaseState, givenCodes } from './case-state.ts';

/** 行政许可法 Art. 32: the one-time notice comes on the spot or within 5 working days of receipt. */
export const SUPPLEMENT_NOTICE_WORKING_DAYS = 5;
/** 容缺受理: a catch-up lasts at most 20 working days, and at least 2 fewer than the promised limit. */
export const MAX_CATCH_UP_WORKING_DAYS = 20;
export const CATCH_UP_MARGIN_WORKING_DAYS = 2;

const names = (requirements: readonly MaterialRequirement[]) => requirements.map((m) => m.code).join(', ');

/** Required materials not handed in. */
function missingRequired(item: ServiceItem, record: CaseRecord): MaterialRequirement[] {
  const given = givenCodes(record);
  return item.materials.filter((m) => m.required && !given.has(m.code));
}

function beforeAcceptance(state: CaseState, what: string): CaseRecord {
  if (state.status === 'none') throw new FailedPreconditionError('the case does not exist');
  if (state.status !== 'submitted' && state.status !== 'supplement-requested') {
    throw new FailedPreconditionError(`a case that is ${state.status} cannot be ${what}`);
  }
  return state;
}

/** The last day of the one-time notice: 5 working days after the materials arrived. */
export function noticeDeadline(calendar: WorkingCalendar, record: CaseRecord): string {
  return calendar.addWorkingDays(record.submitted.receivedOn, SUPPLEMENT_NOTICE_WORKING_DAYS).date;
}

/** A deadline `workingDays` after `from`; none for a zero limit, except on-the-spot items. */
export function deadlineFrom(calendar: WorkingCalendar, from: string, workingDays: number, onTheSpot = false): Deadline {
  if (workingDays === 0 && !onTheSpot) return { date: '', workingDays: 0, provisional: false };
  const due = calendar.addWorkingDays(from, workingDays);
  return { date: due.date, workingDays, provisional: due.provisional };
}

export function caseAcceptanceRules(calendars: CalendarRegistry) {
  const calendarOf = (record: CaseRecord) => calendars.calendarFor(record.submitted.handlingRegionCode);

  /** The acceptance event with deadlines counted from `acceptedOn`. */
  const accepted = (
    record: CaseRecord,
    item: ServiceItem,
    acceptedOn: string,
    mode: Extract<CaseEvent, { $case: 'caseAccepted' }>['value']['mode'],
    pending: readonly string[] = [],
    catchUpDays = 0,
  ): CaseEvent => {
    const calendar = calendarOf(record);
    const limits = item.limits;
    const { submitted } = record;
    return {
      $case: 'caseAccepted',
      value: {
        caseNumber: submitted.caseNumber,
        itemCode: submitted.itemCode,
        itemVersion: submitted.itemVersion,
        itemName: submitted.itemName,
        acceptedOn,
        statutoryDeadline: deadlineFrom(calendar, acceptedOn, limits?.statutoryWorkingDays ?? 0),
        promisedDeadline: deadlineFrom(calendar, acceptedOn, limits?.promisedWorkingDays ?? 0, limits?.handlingKind === 'HANDLING_KIND_ON_THE_SPOT'),
        workflow: item.workflow,
        limits,
        result: item.result,
        handlingRegionCode: submitted.handlingRegionCode,
        handlingDepartment: submitted.handlingDepartment,
        channel: submitted.channel,
        applicantSubject: submitted.applicantSubject,
        applicantPhone: submitted.applicant?.phone ?? '',
        mode,
        pendingMaterials: [...pending],
        catchUpDeadline: deadlineFrom(calendar, acceptedOn, catchUpDays),
        bundleId: submitted.bundleId,
        materialCodes: item.materials.map((m) => m.code),
      },
    };
  };

  /** A notice after the 5 working days is too late: the case counts as accepted on receipt. */
  const isLate = (record: CaseRecord, now: Date) => chinaDateOf(now) > noticeDeadline(calendarOf(record), record);

  return {
    requestSupplement(command: RequestSupplement, state: CaseState): CaseEvent[] {
      // Late, the notice makes the case accepted on receipt: if the sweep deemed it so first, that is done.
      if (state.status === 'accepted' && state.accepted?.mode === 'ACCEPTANCE_MODE_DEEMED' && isLate(state, command.now)) return [];
      const record = beforeAcceptance(state, 'told to supplement');
      if (record.supplement) throw new FailedPreconditionError('the one-time notice (一次性告知) was already given: it lists everything at once');
      if (isLate(record, command.now)) return [accepted(record, command.item, record.submitted.receivedOn, 'ACCEPTANCE_MODE_DEEMED')];
      const requirementOf = (code: string) => command.item.materials.find((m) => m.code === code);
      const unknown = command.items.flatMap((entry, i) =>
        requirementOf(entry.materialCode) ? [] : [{ field: `items[${i}].material_code`, description: `is not a material of item ${command.item.itemCode}` }],
      );
      if (unknown.length) throw new ValidationError(unknown);
      const flagged = new Set(command.items.map((entry) => entry.materialCode));
      const items: SupplementItem[] = [
        ...command.items.map((entry) => ({ ...entry, materialName: requirementOf(entry.materialCode)!.name })),
        ...missingRequired(command.item, record)
          .filter((m) => !flagged.has(m.code))
          .map((m) => ({ materialCode: m.code, problem: 'MATERIAL_PROBLEM_MISSING' as const, note: '', materialName: m.name })),
      ];
      if (items.length === 0) throw new FailedPreconditionError('nothing is missing or defective: accept the case instead');
      const { submitted } = record;
      return [
        {
          $case: 'supplementRequested',
          value: {
            caseNumber: submitted.caseNumber,
            items,
            requestedOn: chinaDateOf(command.now),
            itemName: submitted.itemName,
            applicantSubject: submitted.applicantSubject,
            applicantPhone: submitted.applicant?.phone ?? '',
          },
        },
      ];
    },

    accept(command: AcceptCase, state: CaseState): CaseEvent[] {
      const record = beforeAcceptance(state, 'accepted');
      const { item } = command;
      if (item.itemCode !== record.submitted.itemCode || item.version !== record.submitted.itemVersion) {
        throw new Error(`accepting ${record.submitted.caseNumber} needs item ${record.submitted.itemCode} v${record.submitted.itemVersion}`);
      }
      // Without a notice within 5 working days the law already counts the case as accepted on
      // the receipt date: a later acceptance records that, not a new date.
      if (record.status === 'submitted' && isLate(record, command.now)) return [accepted(record, item, record.submitted.receivedOn, 'ACCEPTANCE_MODE_DEEMED')];
      const missing = missingRequired(item, record);
      const today = chinaDateOf(command.now);
      switch (command.mode) {
        case 'ACCEPTANCE_MODE_UNSPECIFIED':
        case 'ACCEPTANCE_MODE_NORMAL':
          if (missing.length) throw new FailedPreconditionError(`required materials are missing: ${names(missing)}`);
          return [accepted(record, item, today, 'ACCEPTANCE_MODE_NORMAL')];
        case 'ACCEPTANCE_MODE_TOLERANCE':
          return [tolerance(record, command, missing, today)];
        case 'ACCEPTANCE_MODE_COMMITMENT': {
          if (!item.commitmentAllowed) throw new FailedPreconditionError(`item ${item.itemCode} does not allow 告知承诺`);
          if (command.badCredit) throw new FailedPreconditionError('告知承诺 is not open to applicants with a bad credit record');
          const irreplaceable = missing.filter((m) => !m.commitmentCanReplace);
          if (irreplaceable.length) throw new FailedPreconditionError(`a commitment cannot replace these missing materials: ${names(irreplaceable)}`);
          return [accepted(record, item, today, 'ACCEPTANCE_MODE_COMMITMENT')];
        }
        default:
          throw ValidationError.field('mode', 'must be normal, tolerance or commitment');
      }
    },

    deem(command: DeemAcceptance, state: CaseState): CaseEvent[] {
      if (state.status !== 'submitted') return [];
      return isLate(state, command.now) ? [accepted(state, command.item, state.submitted.receivedOn, 'ACCEPTANCE_MODE_DEEMED')] : [];
    },

    refuse(command: RefuseCase, state: CaseState): CaseEvent[] {
      const record = beforeAcceptance(state, 'refused');
      if (record.status === 'submitted' && isLate(record, command.now)) {
        throw new FailedPreconditionError(`the case counts as accepted since ${record.submitted.receivedOn} (no notice within ${SUPPLEMENT_NOTICE_WORKING_DAYS} working days) and can no longer be refused`);
      }
      const violations = [
        ...(command.reason.trim() ? [] : [{ field: 'reason', description: 'is required: the applicant is told why' }]),
        ...(command.legalBasis.trim() ? [] : [{ field: 'legal_basis', description: 'is required: the law and article the refusal rests on' }]),
      ];
      if (violations.length) throw new ValidationError(violations);
      const { submitted } = record;
      return [
        {
          $case: 'caseRefused',
          value: {
            caseNumber: submitted.caseNumber,
            reason: command.reason,
            legalBasis: command.legalBasis,
            refusedOn: chinaDateOf(command.now),
            itemName: submitted.itemName,
            applicantSubject: submitted.applicantSubject,
            applicantPhone: submitted.applicant?.phone ?? '',
          },
        },
      ];
    },
  };

  /** 容缺受理: only secondary materials missing, caught up within min(promised − 2, 20) working days. */
  function tolerance(record: CaseRecord, command: AcceptCase, missing: readonly MaterialRequirement[], today: string): CaseEvent {
    if (!command.toleranceEnabled) throw new FailedPreconditionError('容缺受理 is not enabled in this jurisdiction');
    const mainMissing = missing.filter((m) => m.main);
    if (mainMissing.length) throw new FailedPreconditionError(`容缺受理 needs every main material; missing: ${names(mainMissing)}`);
    if (missing.length === 0) return accepted(record, command.item, today, 'ACCEPTANCE_MODE_NORMAL');
    const promised = command.item.limits?.promisedWorkingDays ?? 0;
    const longest = Math.min(promised - CATCH_UP_MARGIN_WORKING_DAYS, MAX_CATCH_UP_WORKING_DAYS);
    if (longest < 1) throw new FailedPreconditionError(`the promised limit (${promised} working days) is too short for 容缺受理`);
    const days = command.catchUpWorkingDays === 0 ? longest : command.catchUpWorkingDays;
    if (days > longest) {
      throw ValidationError.field('catch_up_working_days', `must be at most ${longest}: the promised limit minus ${CATCH_UP_MARGIN_WORKING_DAYS}, and at most ${MAX_CATCH_UP_WORKING_DAYS}`);
    }
    return accepted(record, command.item, today, 'ACCEPTANCE_MODE_TOLERANCE', missing.map((m) => m.code), days);
  }
}
