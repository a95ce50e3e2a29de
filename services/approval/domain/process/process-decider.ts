import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { countedDeadline } from '../../../platform/calendar/legal-clock.ts';
import { processClockRules } from './process-clock-rules.ts';
import type { ProcessCommand, StartProcess, WithdrawProcess } from './process-commands.ts';
import type { ProcessEvent } from './process-events.ts';
import { type ProcessState, evolveProcess, initialProcessState } from './process-state.ts';
import { openStage } from './stage-opening.ts';
import { claim, reassign, release } from './task-assignment.ts';
import { taskDecisions } from './task-decisions.ts';

/**
 * The approval process of one case (后台分类审批): stages in order, the steps of a stage in
 * parallel (并联审批) joined by the stage's rule, each step a task for one department at one
 * level; and the case's legal clock in working days, which stops for special procedures and
 * returns, and may be extended once.
 */
export function processDecider(calendars: CalendarRegistry): Decider<ProcessCommand, ProcessEvent, ProcessState> {
  const clockRules = processClockRules(calendars);
  const { decide } = taskDecisions(calendars, clockRules);

  const start = (command: StartProcess, state: ProcessState): ProcessEvent[] => {
    if (state.status !== 'none') return [];
    const first = command.plan.stages[0];
    if (!first || command.plan.stages.some((stage) => stage.steps.length === 0)) {
      throw new FailedPreconditionError(`item ${command.itemCode} v${command.itemVersion} has no workflow, or a stage without steps`);
    }
    // Approval owns the clock from here: the limits are counted on its own calendar.
    const calendar = calendars.calendarFor(command.handlingRegionCode);
    return [
      {
        $case: 'processStarted',
        value: {
          caseNumber: command.caseNumber,
          itemCode: command.itemCode,
          itemVersion: command.itemVersion,
          itemName: command.itemName,
          acceptedOn: command.acceptedOn,
          statutoryDeadline: countedDeadline(calendar, command.acceptedOn, command.statutoryDeadline, []),
          promisedDeadline: countedDeadline(calendar, command.acceptedOn, command.promisedDeadline, []),
          stageCount: command.plan.stages.length,
          plan: command.plan,
          handlingRegionCode: command.handlingRegionCode,
          result: command.result,
          applicantSubject: command.applicantSubject,
          applicantPhone: command.applicantPhone,
          materialCodes: [...command.materialCodes],
          handlingDepartment: command.handlingDepartment,
        },
      },
      ...openStage(calendars, command, first, 0, command.acceptedOn, []),
    ];
  };

  return {
    initialState: initialProcessState,
    evolve: evolveProcess,
    decide(command, state) {
      switch (command.type) {
        case 'StartProcess':
          return start(command, state);
        case 'ClaimTask':
          return claim(command, state);
        case 'ReleaseTask':
          return release(command, state);
        case 'ReassignTask':
          return reassign(command, state);
        case 'DecideTask':
          return decide(command, state);
        case 'SuspendClock':
          return clockRules.suspend(command, state);
        case 'ResumeClock':
          return clockRules.resume(command, state);
        case 'ExtendDeadline':
          return clockRules.extend(command, state);
        case 'RecomputeDeadlines':
          return clockRules.recompute(command, state);
        case 'WithdrawProcess':
          return withdraw(command, state, clockRules);
        default:
          return assertNever(command);
      }
    },
  };
}

/** The applicant withdrew: a procedure under way ends that day, open tasks leave their inboxes. */
function withdraw(command: WithdrawProcess, state: ProcessState, clockRules: ReturnType<typeof processClockRules>): ProcessEvent[] {
  if (state.status !== 'running') return [];
  const open = [...state.tasks.values()].filter((t) => t.status === 'open' || t.status === 'claimed' || t.status === 'returned');
  const since = state.clock.suspension?.since;
  return [
    ...(since ? [clockRules.resumption(state, command.withdrawnOn < since ? since : command.withdrawnOn, '申请人撤回申请')] : []),
    ...open.map((t): ProcessEvent => ({ $case: 'taskWithdrawn', value: { caseNumber: state.caseNumber, taskId: t.taskId, reason: '申请人撤回申请' } })),
    { $case: 'processWithdrawn', value: { caseNumber: state.caseNumber, reason: command.reason } },
  ];
}
