import { Process, Task } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { ApprovalPayload } from '../../../platform/messaging/topics.ts';
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
  /** The task as proto3 JSON. */
  readonly task: unknown;
}

export interface ProcessDocument extends ReadModelDocument {
  readonly handlingRegionCode: string;
  readonly itemName: string;
  /** The process as proto3 JSON. */
  readonly process: unknown;
}

export const TASKS = 'tasks';
export const PROCESSES = 'processes';

/** Inboxes (one document per task) and processes (one per case), from approval's own events. */
export const approvalViewsProjection: Projection<ApprovalPayload> = {
  name: 'approval-views',
  collections: [
    { name: TASKS, indexes: [['department', 'regionCode', 'dueDate'], ['status', 'dueDate'], ['caseNumber']] },
    { name: PROCESSES },
  ],
  async apply(event, tx) {
    const existing = await tx.get<ProcessDocument>(PROCESSES, event.correlationId);
    const previous: ProcessView | undefined = existing
      ? { ...Process.fromJSON(existing.process), itemName: existing.itemName, handlingRegionCode: existing.handlingRegionCode }
      : undefined;
    const view = evolveProcessView(previous, event);
    const { itemName, handlingRegionCode, ...process } = view;
    await tx.put<ProcessDocument>(PROCESSES, { id: view.caseNumber, itemName, handlingRegionCode, process: Process.toJSON(process) });
    for (const task of view.tasks) {
      await tx.put<TaskDocument>(TASKS, {
        id: task.taskId,
        caseNumber: task.caseNumber,
        department: task.department,
        regionCode: task.regionCode,
        role: task.role,
        status: task.status,
        dueDate: task.due?.date ?? '',
        task: Task.toJSON(task),
      });
    }
  },
};
