import { Process, Task } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { ApprovalPayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import { type ProcessView, evolveProcessView } from '../process-view.ts';

/** A task in the inbox, with the fields inboxes are filtered and sorted by. */
export interface TaskDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly department: string;
  readonly regionCode: string;
  readonly role: string;
  readonly status: string;
  readonly dueDate: string;
  /** The day the case's clock stopped, while it stands still; "" otherwise. */
  readonly suspendedOn: string;
  /** The task as proto3 JSON. */
  readonly task: unknown;
}

export interface ProcessDocument extends ReadModelDocument {
  readonly handlingRegionCode: string;
  readonly itemName: string;
  /** True until the process concludes or is withdrawn. */
  readonly running: boolean;
  /** True while a deadline of a running process is provisional (a year without a holiday notice). */
  readonly provisional: boolean;
  readonly suspendedOn: string;
  /** The process as proto3 JSON. */
  readonly process: unknown;
}

export const TASKS = 'tasks';
export const PROCESSES = 'processes';

const OPEN_TASK = ['TASK_STATUS_OPEN', 'TASK_STATUS_CLAIMED', 'TASK_STATUS_RETURNED'];

/** Inboxes (one document per task) and processes (one per case), from approval's own events. */
export const approvalViewsProjection: Projection<ApprovalPayload> = {
  name: 'approval-views',
  collections: [
    { name: TASKS, indexes: [['department', 'regionCode', 'dueDate'], ['status', 'dueDate'], ['caseNumber']] },
    { name: PROCESSES, indexes: [['running', 'provisional'], ['running', 'handlingRegionCode']] },
  ],
  async apply(event, tx) {
    const existing = await tx.get<ProcessDocument>(PROCESSES, event.correlationId);
    const previous: ProcessView | undefined = existing
      ? { ...Process.fromJSON(existing.process), itemName: existing.itemName, handlingRegionCode: existing.handlingRegionCode, suspendedOn: existing.suspendedOn }
      : undefined;
    const view = evolveProcessView(previous, event);
    const { itemName, handlingRegionCode, suspendedOn, ...process } = view;
    const running = view.outcome === 'OUTCOME_UNSPECIFIED';
    const deadlines = [view.statutoryDeadline, view.promisedDeadline, ...view.tasks.filter((t) => OPEN_TASK.includes(t.status)).map((t) => t.due)];
    await tx.put<ProcessDocument>(PROCESSES, {
      id: view.caseNumber,
      itemName,
      handlingRegionCode,
      running,
      provisional: running && deadlines.some((d) => d?.provisional === true),
      suspendedOn,
      process: Process.toJSON(process),
    });
    for (const task of view.tasks) {
      await tx.put<TaskDocument>(TASKS, {
        id: task.taskId,
        caseNumber: task.caseNumber,
        department: task.department,
        regionCode: task.regionCode,
        role: task.role,
        status: task.status,
        dueDate: task.due?.date ?? '',
        suspendedOn,
        task: Task.toJSON(task),
      });
    }
  },
};
