import type { ClockInterval, Process, Task } from '../../../generated/onewindow/approval/v1/process.ts';
import type { Deadline } from '../../../generated/onewindow/common/v1/outcome.ts';
import { assertNever } from '../../platform/domain/decider.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { ProcessEvent } from '../domain/process/process-events.ts';

/**
 * A process as staff see it: every task with every opinion, every clock interval, the extension.
 * Working days remaining are filled in when read, because they depend on the day of reading.
 */
export interface ProcessView extends Process {
  readonly itemName: string;
  readonly handlingRegionCode: string;
  /** The day the clock stopped, while it stands still: the days left are counted up to the day before. */
  readonly suspendedOn: string;
}

const emptyDeadline: Deadline = { date: '', workingDays: 0, provisional: false };

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
      clockIntervals: [],
      extension: undefined,
      suspended: false,
      suspendedOn: '',
      statutoryWorkingDaysRemaining: 0,
      result: undefined,
    };
  }
  if (!view) throw new Error(`${payload.$case} before processStarted in ${event.streamId}`);
  const updateTask = (taskId: string, change: (task: Task) => Partial<Task>): ProcessView => ({
    ...view,
    tasks: view.tasks.map((task) => (task.taskId === taskId ? { ...task, ...change(task) } : task)),
  });
  const withDues = (dues: ReadonlyArray<{ taskId: string; due?: Deadline | undefined }>): Task[] =>
    view.tasks.map((task) => {
      const due = dues.find((d) => d.taskId === task.taskId)?.due;
      return due ? { ...task, due } : task;
    });
  const suspendedTasks = (suspended: boolean) => view.tasks.map((task) => ({ ...task, suspended }));
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
        opinions: [],
        suspended: false,
      };
      return { ...view, tasks: [...view.tasks, task] };
    }
    case 'taskClaimed':
      return updateTask(payload.value.taskId, () => ({ status: 'TASK_STATUS_CLAIMED', assignee: payload.value.assignee }));
    case 'taskReleased':
      return updateTask(payload.value.taskId, () => ({ status: 'TASK_STATUS_OPEN', assignee: '' }));
    case 'taskReassigned':
      return updateTask(payload.value.taskId, (task) => ({
        status: task.status === 'TASK_STATUS_RETURNED' ? 'TASK_STATUS_RETURNED' : 'TASK_STATUS_CLAIMED',
        assignee: payload.value.assignee,
      }));
    case 'taskDecided': {
      const { decision, opinion, approver } = payload.value;
      return updateTask(payload.value.taskId, (task) => ({
        status: decision === 'DECISION_RETURN' ? 'TASK_STATUS_RETURNED' : 'TASK_STATUS_DECIDED',
        decision,
        opinion,
        opinions: [...task.opinions, { decision, opinion, approver, decidedAt: event.occurredAt }],
      }));
    }
    case 'taskWithdrawn':
      return updateTask(payload.value.taskId, () => ({ status: 'TASK_STATUS_WITHDRAWN' }));
    case 'clockSuspended': {
      const s = payload.value;
      const interval: ClockInterval = {
        kind: s.kind,
        taskId: s.taskId,
        department: s.department,
        reason: s.reason,
        legalBasis: s.legalBasis,
        expectedWorkingDays: s.expectedWorkingDays,
        startedOn: s.suspendedOn,
        endedOn: '',
        result: '',
        materialCodes: s.materialCodes,
      };
      return { ...view, tasks: suspendedTasks(true), clockIntervals: [...view.clockIntervals, interval], suspended: true, suspendedOn: s.suspendedOn };
    }
    case 'clockResumed': {
      const r = payload.value;
      const tasks = withDues(r.taskDues).map((task) => ({
        ...task,
        suspended: false,
        // A returned task goes back to the approver who returned it.
        status: r.kind === 'SUSPENSION_KIND_SUPPLEMENT' && task.taskId === r.taskId && task.status === 'TASK_STATUS_RETURNED' ? 'TASK_STATUS_CLAIMED' : task.status,
      }));
      return {
        ...view,
        tasks,
        clockIntervals: view.clockIntervals.map((i) => (i.endedOn === '' ? { ...i, endedOn: r.resumedOn, result: r.result } : i)),
        suspended: false,
        suspendedOn: '',
        statutoryDeadline: r.statutoryDeadline ?? view.statutoryDeadline,
        promisedDeadline: r.promisedDeadline ?? view.promisedDeadline,
      };
    }
    case 'deadlineExtended': {
      const x = payload.value;
      return {
        ...view,
        statutoryDeadline: x.statutoryDeadline ?? view.statutoryDeadline,
        extension: { workingDays: x.workingDays, reason: x.reason, approvedBy: x.approvedBy, requestedBy: x.requestedBy, extendedOn: x.extendedOn },
      };
    }
    case 'processDeadlinesRecomputed':
      return {
        ...view,
        tasks: withDues(payload.value.taskDues),
        statutoryDeadline: payload.value.statutoryDeadline ?? view.statutoryDeadline,
        promisedDeadline: payload.value.promisedDeadline ?? view.promisedDeadline,
      };
    case 'processConcluded':
      return { ...view, outcome: payload.value.outcome, concludedAt: event.occurredAt, result: payload.value.result };
    case 'processWithdrawn':
      return { ...view, tasks: suspendedTasks(false), outcome: 'OUTCOME_WITHDRAWN', concludedAt: event.occurredAt, suspended: false, suspendedOn: '' };
    default:
      return assertNever(payload);
  }
}

export function processViewOf(events: readonly EventEnvelope<ProcessEvent>[]): ProcessView | undefined {
  return events.reduce<ProcessView | undefined>(evolveProcessView, undefined);
}
