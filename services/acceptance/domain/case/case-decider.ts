import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { caseAcceptanceRules } from './case-acceptance.ts';
import { caseApprovalMirror } from './case-approval-mirror.ts';
import { caseClosingRules } from './case-closing.ts';
import type { CaseCommand } from './case-commands.ts';
import type { CaseEvent } from './case-events.ts';
import { type CaseState, evolveCase, initialCaseState } from './case-state.ts';
import { submit, supply } from './case-submission.ts';

/**
 * The case (办件) from submission to result delivery (行政许可法 Art. 32, 42 and 44; 容缺 and 告知承诺 where the jurisdiction allows them). Deadlines are working days
 * on the calendar of the handling jurisdiction, counted from the day after acceptance.
 */
export function caseDecider(calendars: CalendarRegistry): Decider<CaseCommand, CaseEvent, CaseState> {
  const acceptance = caseAcceptanceRules(calendars);
  const closing = caseClosingRules(calendars);
  return {
    initialState: initialCaseState,
    evolve: evolveCase,
    decide(command, state) {
      switch (command.type) {
        case 'SubmitCase':
          return submit(command, state);
        case 'SupplyMaterials':
          return supply(command, state);
        case 'RequestSupplement':
          return acceptance.requestSupplement(command, state);
        case 'AcceptCase':
          return acceptance.accept(command, state);
        case 'DeemAcceptance':
          return acceptance.deem(command, state);
        case 'RefuseCase':
          return acceptance.refuse(command, state);
        case 'WithdrawCase':
          return closing.withdraw(command, state);
        case 'ConcludeCase':
          return closing.conclude(command, state);
        case 'DeliverResult':
          return closing.deliver(command, state);
        case 'RecomputeDeadlines':
          return closing.recompute(command, state);
        case 'MirrorSuspension':
          return caseApprovalMirror.suspend(command, state);
        case 'MirrorResumption':
          return caseApprovalMirror.resume(command, state);
        case 'MirrorDeadlines':
          return caseApprovalMirror.mirrorDeadlines(command, state);
        default:
          return assertNever(command);
      }
    },
  };
}
