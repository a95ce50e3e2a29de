import type { ItemResult, Workflow } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import { levelToNumber } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Plan, PlannedResult } from '../../../generated/onewindow/approval/v1/process.ts';

/**
 * Approval's reading of acceptance's contract: the item's workflow, as carried by `caseAccepted`,
 * becomes approval's own plan. Approval keeps its own copy so that a later catalog revision never
 * changes a process already running.
 */
export function planOfWorkflow(workflow: Workflow | undefined): Plan {
  return {
    jointHandling: workflow?.jointHandling ?? false,
    stages: (workflow?.stages ?? []).map((stage) => ({
      name: stage.name,
      joinRule: stage.joinRule === 'JOIN_RULE_ANY_APPROVES' ? 'JOIN_RULE_ANY_APPROVES' : 'JOIN_RULE_ALL_APPROVE',
      steps: stage.steps.map((step) => ({
        stepId: step.stepId,
        name: step.name,
        department: step.department,
        level: Math.max(0, levelToNumber(step.level)),
        regionCode: step.regionCode,
        role: step.role,
        workingDays: step.workingDays,
      })),
    })),
  };
}

export function plannedResultOf(result: ItemResult | undefined): PlannedResult {
  return { eLicense: result?.kind === 'RESULT_KIND_E_LICENSE', licenseType: result?.licenseType ?? '', name: result?.name ?? '' };
}
