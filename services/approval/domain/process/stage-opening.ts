import type { PlanStage } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { type Pause, countedDeadline } from '../../../platform/calendar/legal-clock.ts';
import { type ProcessEvent, taskIdOf } from './process-events.ts';

/**
 * The tasks of a stage, one per step (the steps of a stage run in parallel: 并联审批), each due
 * its step's working days after the day the stage opens, on its own office's calendar.
 */
export function openStage(
  calendars: CalendarRegistry,
  process: { readonly caseNumber: string; readonly handlingRegionCode: string },
  stage: PlanStage,
  stageIndex: number,
  openedOn: string,
  pauses: readonly Pause[],
): ProcessEvent[] {
  return stage.steps.map((step) => {
    const regionCode = step.regionCode || process.handlingRegionCode;
    // A step's limit always counts, even 0 (on the spot): it has a date.
    const due = countedDeadline(calendars.calendarFor(regionCode), openedOn, { date: openedOn, workingDays: step.workingDays, provisional: false }, pauses);
    return {
      $case: 'taskOpened',
      value: {
        caseNumber: process.caseNumber,
        taskId: taskIdOf(process.caseNumber, stageIndex, step.stepId),
        stageIndex,
        stepId: step.stepId,
        stepName: step.name,
        department: step.department,
        regionCode,
        role: step.role,
        due,
        openedOn,
      },
    };
  });
}
