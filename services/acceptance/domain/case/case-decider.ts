import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { WorkingCalendar } from '../../../platform/calendar/working-calendar.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError, ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { AcceptCase, CaseCommand, ConcludeCase, SubmitCase } from './case-commands.ts';
import type { CaseEvent } from './case-events.ts';
import { type CaseState, evolveCase, initialCaseState } from './case-state.ts';

/**
 * The case (办件) from submission to conclusion. Deadlines are working days from the day after
 * acceptance, on the shared calendar (DOMAIN §1, §2).
 */
export function caseDecider(calendar: WorkingCalendar): Decider<CaseCommand, CaseEvent, CaseState> {
  return {
    initialState: initialCaseState,
    evolve: evolveCase,
    decide(command, state) {
      switch (command.type) {
        case 'SubmitCase':
          return submit(command, state);
        case 'AcceptCase':
          return accept(command, state, calendar);
        case 'ConcludeCase':
          return conclude(command, state);
        default:
          return assertNever(command);
      }
    },
  };
}

function submit(command: SubmitCase, state: CaseState): CaseEvent[] {
  if (state.status !== 'none') throw new FailedPreconditionError(`case ${command.caseNumber} already exists`);
  const { item } = command;
  if (item.channels.length > 0 && !item.channels.includes(command.channel)) {
    throw new FailedPreconditionError(`item ${item.itemCode} cannot be applied for through ${command.channel}`);
  }
  const known = new Set(item.materials.map((m) => m.code));
  const unknown = command.materials.flatMap((m, i) =>
    known.has(m.materialCode) ? [] : [{ field: `materials[${i}].material_code`, description: `is not a material of item ${item.itemCode}` }],
  );
  if (unknown.length) throw new ValidationError(unknown);
  return [
    {
      $case: 'caseSubmitted',
      value: {
        caseNumber: command.caseNumber,
        itemCode: item.itemCode,
        itemVersion: item.version,
        itemName: item.name,
        applicant: command.applicant,
        materials: [...command.materials],
        submittedRegionCode: command.submittedRegionCode,
        handlingRegionCode: item.regionCode,
        handlingDepartment: item.agency?.department ?? '',
        channel: command.channel,
        applicantSubject: command.applicantSubject,
      },
    },
  ];
}

function accept(command: AcceptCase, state: CaseState, calendar: WorkingCalendar): CaseEvent[] {
  if (state.status !== 'submitted') throw new FailedPreconditionError(`a case that is ${state.status} cannot be accepted`);
  const { submitted } = state;
  const { item } = command;
  if (item.itemCode !== submitted.itemCode || item.version !== submitted.itemVersion) {
    throw new Error(`accepting ${submitted.caseNumber} needs item ${submitted.itemCode} v${submitted.itemVersion}`);
  }
  const given = new Set(submitted.materials.map((m) => m.materialCode));
  const missing = item.materials.filter((m) => m.required && !given.has(m.code));
  if (missing.length > 0) {
    // 一次性告知: the clerk tells the applicant everything missing at once (supplement request).
    throw new FailedPreconditionError(`required materials are missing: ${missing.map((m) => m.code).join(', ')}`);
  }
  const acceptedOn = chinaDateOf(command.now);
  const limits = item.limits;
  const onTheSpot = limits?.handlingKind === 'HANDLING_KIND_ON_THE_SPOT';
  return [
    {
      $case: 'caseAccepted',
      value: {
        caseNumber: submitted.caseNumber,
        itemCode: submitted.itemCode,
        itemVersion: submitted.itemVersion,
        itemName: submitted.itemName,
        acceptedOn,
        statutoryDeadline: deadline(calendar, acceptedOn, limits?.statutoryWorkingDays ?? 0, false),
        promisedDeadline: deadline(calendar, acceptedOn, limits?.promisedWorkingDays ?? 0, onTheSpot),
        workflow: item.workflow,
        limits,
        result: item.result,
        handlingRegionCode: submitted.handlingRegionCode,
        handlingDepartment: submitted.handlingDepartment,
        channel: submitted.channel,
        applicantSubject: submitted.applicantSubject,
        applicantPhone: submitted.applicant?.phone ?? '',
      },
    },
  ];
}

/** No limit (zero days) has no date, except an on-the-spot item, which is due the same day. */
function deadline(calendar: WorkingCalendar, acceptedOn: string, workingDays: number, onTheSpot: boolean): Deadline {
  if (workingDays === 0 && !onTheSpot) return { date: '', workingDays: 0, provisional: false };
  const due = calendar.addWorkingDays(acceptedOn, workingDays);
  return { date: due.date, workingDays, provisional: due.provisional };
}

function conclude(command: ConcludeCase, state: CaseState): CaseEvent[] {
  if (state.status === 'concluded') return [];
  if (state.status !== 'accepted') throw new FailedPreconditionError(`a case that is ${state.status} cannot be concluded`);
  return [
    {
      $case: 'caseConcluded',
      value: {
        caseNumber: state.submitted.caseNumber,
        outcome: command.outcome,
        concludedOn: command.concludedOn,
        resultReference: command.resultReference,
        reason: command.reason,
        itemName: state.submitted.itemName,
        applicantSubject: state.submitted.applicantSubject,
        applicantPhone: state.submitted.applicant?.phone ?? '',
      },
    },
  ];
}

