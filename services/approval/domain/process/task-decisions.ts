import type { PlanStage } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import { type RunningProcess, assertClockRuns, heldTask } from './process-access.ts';
import type { processClockRules } from './process-clock-rules.ts';
import type { DecideTask } from './process-commands.ts';
import type { ProcessEvent } from './process-events.ts';
import { type ProcessState, type TaskState, evolveProcess } from './process-state.ts';
import { openStage } from './stage-opening.ts';

/**
 * Deciding a task: approve, reject (with the reason), or return it to the applicant for materials
 * (the clock stops until they arrive). A stage's decisions combine by its join rule (并联审批):
 * the next stage opens, or the case concludes.
 */
export function taskDecisions(calendars: CalendarRegistry, clockRules: ReturnType<typeof processClockRules>) {
  const decide = (command: DecideTask, state: ProcessState): ProcessEvent[] => {
    const { process, task } = heldTask(state, command.taskId, command.approver);
    assertClockRuns(process);
    checkOpinion(command, process);
    const decided: ProcessEvent = {
      $case: 'taskDecided',
      value: {
        caseNumber: process.caseNumber,
        taskId: task.taskId,
        decision: command.decision,
        opinion: command.opinion,
        approver: command.approver.subject,
        materialCodes: command.decision === 'DECISION_RETURN' ? [...command.materialCodes] : [],
      },
    };
    if (command.decision === 'DECISION_RETURN') {
      const returned = clockRules.suspension(
        process,
        { taskId: task.taskId, kind: 'SUSPENSION_KIND_SUPPLEMENT', reason: command.opinion, legalBasis: '', expectedWorkingDays: 0, materialCodes: command.materialCodes },
        task.department,
        command.now,
      );
      return [decided, returned];
    }
    return [decided, ...afterDecision(evolveProcess(process, decided) as RunningProcess, task, command)];
  };

  /** What a decision leads to: nothing yet, the next stage, or the conclusion. */
  const afterDecision = (process: RunningProcess, decidedTask: TaskState, command: DecideTask): ProcessEvent[] => {
    const stage = process.plan.stages[process.stageIndex] as PlanStage;
    const tasks = [...process.tasks.values()].filter((t) => t.stageIndex === process.stageIndex);
    const approvals = tasks.filter((t) => t.status === 'decided' && t.decision === 'DECISION_APPROVE').length;
    const rejections = tasks.filter((t) => t.status === 'decided' && t.decision === 'DECISION_REJECT').length;
    const anyApproves = stage.joinRule === 'JOIN_RULE_ANY_APPROVES';
    const today = chinaDateOf(command.now);
    const conclude = (approved: boolean): ProcessEvent => {
      const number = approved ? `${process.result.eLicense ? 'EL' : 'DOC'}-${process.caseNumber}` : '';
      return {
        $case: 'processConcluded',
        value: {
          caseNumber: process.caseNumber,
          outcome: approved ? 'OUTCOME_APPROVED' : 'OUTCOME_DENIED',
          concludedOn: today,
          resultReference: number,
          reason: approved ? '' : command.opinion,
          result: approved
            ? {
                eLicense: process.result.eLicense,
                number,
                licenseType: process.result.licenseType,
                name: process.result.name,
                issuedOn: today,
                department: decidedTask.department,
                regionCode: decidedTask.regionCode,
              }
            : undefined,
        },
      };
    };
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
    return [
      ...withdrawRest('本阶段已有部门同意'),
      ...(next ? openStage(calendars, process, next, nextIndex, today, process.clock.pauses) : [conclude(true)]),
    ];
  };

  return { decide };
}

/** A rejection and a return need an opinion; a return names the item's materials it needs. */
function checkOpinion(command: DecideTask, process: RunningProcess): void {
  const needsOpinion = command.decision === 'DECISION_REJECT' || command.decision === 'DECISION_RETURN';
  const violations = [
    ...(needsOpinion && !command.opinion.trim() ? [{ field: 'opinion', description: 'is required to reject or return: the reason told to the applicant' }] : []),
    ...(command.decision === 'DECISION_RETURN' && command.materialCodes.length === 0
      ? [{ field: 'material_codes', description: 'must name at least one material the applicant must supply' }]
      : []),
    ...(command.decision === 'DECISION_RETURN'
      ? command.materialCodes.flatMap((code, index) =>
          process.materialCodes.includes(code) ? [] : [{ field: `material_codes[${index}]`, description: 'is not a material of the case\'s item' }],
        )
      : []),
  ];
  if (violations.length > 0) throw new ValidationError(violations);
}
