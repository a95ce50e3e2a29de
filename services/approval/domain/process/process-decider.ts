import type { PlanStage } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { isWithin } from '../../../platform/codes/region-code.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError, NotFoundError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { Approver, ClaimTask, DecideTask, ProcessCommand, StartProcess, WithdrawProcess } from './process-commands.ts';
import { type ProcessEvent, taskIdOf } from './process-events.ts';
import { type ProcessState, type TaskState, evolveProcess, initialProcessState } from './process-state.ts';

type Running = Extract<ProcessState, { status: 'running' | 'concluded' | 'withdrawn' }>;

/**
 * The approval process of one case (后台分类审批): stages in order, the steps of a stage in
 * parallel (并联审批) joined by the stage's rule, each step a task for one department at one level.
 */
export function processDecider(calendars: CalendarRegistry): Decider<ProcessCommand, ProcessEvent, ProcessState> {
  const openStage = (state: { caseNumber: string; handlingRegionCode: string }, stage: PlanStage, stageIndex: number, openedOn: string): ProcessEvent[] =>
    stage.steps.map((step) => {
      // Each office counts on its own jurisdiction's calendar.
      const due = calendars.calendarFor(step.regionCode || state.handlingRegionCode).addWorkingDays(openedOn, step.workingDays);
      return {
        $case: 'taskOpened',
        value: {
          caseNumber: state.caseNumber,
          taskId: taskIdOf(state.caseNumber, stageIndex, step.stepId),
          stageIndex,
          stepId: step.stepId,
          stepName: step.name,
          department: step.department,
          regionCode: step.regionCode || state.handlingRegionCode,
          role: step.role,
          due: { date: due.date, workingDays: step.workingDays, provisional: due.provisional },
        },
      };
    });

  const start = (command: StartProcess, state: ProcessState): ProcessEvent[] => {
    if (state.status !== 'none') return [];
    const first = command.plan.stages[0];
    if (!first || command.plan.stages.some((stage) => stage.steps.length === 0)) {
      throw new FailedPreconditionError(`item ${command.itemCode} v${command.itemVersion} has no workflow, or a stage without steps`);
    }
    return [
      {
        $case: 'processStarted',
        value: {
          caseNumber: command.caseNumber,
          itemCode: command.itemCode,
          itemVersion: command.itemVersion,
          itemName: command.itemName,
          acceptedOn: command.acceptedOn,
          statutoryDeadline: command.statutoryDeadline,
          promisedDeadline: command.promisedDeadline,
          stageCount: command.plan.stages.length,
          plan: command.plan,
          handlingRegionCode: command.handlingRegionCode,
          result: command.result,
        },
      },
      ...openStage(command, first, 0, command.acceptedOn),
    ];
  };

  const decide = (command: DecideTask, state: ProcessState): ProcessEvent[] => {
    const { process, task } = taskFor(state, command.taskId, command.approver);
    if (task.status === 'withdrawn') throw new FailedPreconditionError('the task was withdrawn: its stage already has an outcome');
    if (task.status !== 'claimed') throw new FailedPreconditionError('claim the task before deciding it');
    if (task.assignee !== command.approver.subject) throw new FailedPreconditionError('the task is held by another approver');
    if (command.decision === 'DECISION_REJECT' && !command.opinion.trim()) {
      throw ValidationError.field('opinion', 'is required when rejecting: the reason told to the applicant');
    }
    const decided: ProcessEvent = {
      $case: 'taskDecided',
      value: { caseNumber: process.caseNumber, taskId: task.taskId, decision: command.decision, opinion: command.opinion },
    };
    return [decided, ...afterDecision(evolveProcess(process, decided) as Running, command)];
  };

  /** What a decision leads to: nothing yet, the next stage, or the conclusion. */
  const afterDecision = (process: Running, command: DecideTask): ProcessEvent[] => {
    const stage = process.plan.stages[process.stageIndex] as PlanStage;
    const tasks = [...process.tasks.values()].filter((t) => t.stageIndex === process.stageIndex);
    const approvals = tasks.filter((t) => t.decision === 'DECISION_APPROVE').length;
    const rejections = tasks.filter((t) => t.decision === 'DECISION_REJECT').length;
    const anyApproves = stage.joinRule === 'JOIN_RULE_ANY_APPROVES';
    const today = chinaDateOf(command.now);
    const conclude = (approved: boolean): ProcessEvent => ({
      $case: 'processConcluded',
      value: {
        caseNumber: process.caseNumber,
        outcome: approved ? 'OUTCOME_APPROVED' : 'OUTCOME_DENIED',
        concludedOn: today,
        resultReference: approved ? `${process.result.eLicense ? 'EL' : 'DOC'}-${process.caseNumber}` : '',
        reason: approved ? '' : command.opinion,
      },
    });
    /** The stage has an outcome: tasks of it still in inboxes are taken out. */
    const withdrawRest = (reason: string): ProcessEvent[] =>
      tasks
        .filter((t) => t.status === 'open' || t.status === 'claimed')
        .map((t) => ({ $case: 'taskWithdrawn', value: { caseNumber: process.caseNumber, taskId: t.taskId, reason } }));
    const failed = anyApproves ? rejections === tasks.length : rejections > 0;
    if (failed) return [...withdrawRest('另一部门不同意，审批已办结'), conclude(false)];
    const passed = anyApproves ? approvals > 0 : approvals === tasks.length;
    if (!passed) return [];
    const nextIndex = process.stageIndex + 1;
    const next = process.plan.stages[nextIndex];
    return [...withdrawRest('本阶段已有部门同意'), ...(next ? openStage(process, next, nextIndex, today) : [conclude(true)])];
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
        case 'DecideTask':
          return decide(command, state);
        case 'WithdrawProcess':
          return withdraw(command, state);
        default:
          return assertNever(command);
      }
    },
  };
}

function withdraw(command: WithdrawProcess, state: ProcessState): ProcessEvent[] {
  if (state.status !== 'running') return [];
  const open = [...state.tasks.values()].filter((t) => t.status === 'open' || t.status === 'claimed');
  return [
    ...open.map((t): ProcessEvent => ({ $case: 'taskWithdrawn', value: { caseNumber: state.caseNumber, taskId: t.taskId, reason: '申请人撤回申请' } })),
    { $case: 'processWithdrawn', value: { caseNumber: state.caseNumber, reason: command.reason } },
  ];
}

function claim(command: ClaimTask, state: ProcessState): ProcessEvent[] {
  const { process, task } = taskFor(state, command.taskId, command.approver);
  if (task.status === 'decided') throw new FailedPreconditionError('the task is already decided');
  if (task.status === 'withdrawn') throw new FailedPreconditionError('the task was withdrawn: its stage already has an outcome');
  if (task.status === 'claimed') {
    if (task.assignee === command.approver.subject) return [];
    throw new FailedPreconditionError('the task is held by another approver');
  }
  return [{ $case: 'taskClaimed', value: { caseNumber: process.caseNumber, taskId: task.taskId, assignee: command.approver.subject } }];
}

/** The task, if the process runs and the approver belongs to the task's department and jurisdiction. */
function taskFor(state: ProcessState, taskId: string, approver: Approver): { process: Running; task: TaskState } {
  if (state.status === 'none') throw new NotFoundError(`task ${taskId} does not exist`);
  const task = state.tasks.get(taskId);
  if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
  if (task.department !== approver.department || !approver.jurisdiction || !isWithin(task.regionCode, approver.jurisdiction)) {
    throw new PermissionDeniedError('only approvers of the task\'s department and jurisdiction may act on it');
  }
  if (state.status !== 'running') throw new FailedPreconditionError(`the process has ${state.status === 'withdrawn' ? 'been withdrawn' : 'concluded'}`);
  return { process: state, task };
}
