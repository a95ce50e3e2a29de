import type { Process, Task } from '../../../generated/onewindow/approval/v1/process.ts';
import { assertNever } from '../../platform/domain/decider.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { ProcessEvent } from '../domain/process/process-events.ts';

/** A process as staff see it: every task, its holder and its decision. Working days remaining are
 * filled in when a task is read, because they depend on the day of reading. */
export interface ProcessView extends Process {
  readonly itemName: string;
  readonly handlingRegionCode: string;
}

const emptyDeadline = { date: '', workingDays: 0, provisional: false };

export function evolveProcessView(view: ProcessView | undefined, event: EventEnvelope<ProcessEvent>): ProcessView {
  const payload = event.payload;
  if (payload.$case === 'processStarted') {
    return {
      caseNumber: payload.value.caseNumber,
      itemCode: payload.value.itemCode,
      itemName: payload.value.itemName,
      handlingRegionCode: payload.value.handlingRegionCode,
      tasks: [],
      statutoryDeadline: payload.value.statutoryDeadline ?? emptyDeadline,
      promisedDeadline: payload.value.promisedDeadline ?? emptyDeadline,
      outcome: 'OUTCOME_UNSPECIFIED',
      concludedAt: undefined,
    };
  }
  if (!view) throw new Error(`${payload.$case} before processStarted in ${event.streamId}`);
  const updateTask = (taskId: string, change: Partial<Task>) => ({
    ...view,
    tasks: view.tasks.map((task) => (task.taskId === taskId ? { ...task, ...change } : task)),
  });
  switch (payload.$case) {
    case 'taskOpened': {
      const opened = payload.value;
      const task: Task = {
        taskId: opened.taskId,
        caseNumber: opened.caseNumber,
        itemCode: view.itemCode,
        itemName: view.itemName,
        stepId: opened.stepId,
        stepName: opened.stepName,
        department: opened.department,
        regionCode: opened.regionCode,
        role: opened.role,
        status: 'TASK_STATUS_OPEN',
        assignee: '',
        due: opened.due,
        workingDaysRemaining: 0,
        openedAt: event.occurredAt,
        decision: 'DECISION_UNSPECIFIED',
        opinion: '',
      };
      return { ...view, tasks: [...view.tasks, task] };
    }
    case 'taskClaimed':
      return updateTask(payload.value.taskId, { status: 'TASK_STATUS_CLAIMED', assignee: payload.value.assignee });
    case 'taskDecided':
      return updateTask(payload.value.taskId, { status: 'TASK_STATUS_DECIDED', decision: payload.value.decision, opinion: payload.value.opinion });
    case 'taskWithdrawn':
      return updateTask(payload.value.taskId, { status: 'TASK_STATUS_WITHDRAWN' });
    case 'processConcluded':
      return { ...view, outcome: payload.value.outcome, concludedAt: event.occurredAt };
    case 'processWithdrawn':
      return { ...view, outcome: 'OUTCOME_WITHDRAWN', concludedAt: event.occurredAt };
    default:
      return assertNever(payload);
  }
}

export function processViewOf(events: readonly EventEnvelope<ProcessEvent>[]): ProcessView | undefined {
  return events.reduce<ProcessView | undefined>(evolveProcessView, undefined);
}
