import { FailedPreconditionError, NotFoundError, PermissionDeniedError } from '../../../platform/domain/errors.ts';
import type { Approver } from './process-commands.ts';
import type { ProcessState, StartedProcess, TaskState } from './process-state.ts';

export type RunningProcess = StartedProcess & { readonly status: 'running' };

/**
 * Whether an approver may act on a task: of its department, in the very region of its step. A
 * step belongs to its level (行政许可法 Art. 35: the lower level reviews, the upper decides), so a
 * city approver of the same department may not claim or decide the county's review, though the
 * city's jurisdiction covers the county.
 */
export const actsFor = (approver: Approver, task: TaskState): boolean =>
  task.department === approver.department && Boolean(approver.jurisdiction) && task.regionCode === approver.jurisdiction;

/** The task of a running process, if the approver may act on it (only its department and jurisdiction: docs/security.md). */
export function taskFor(state: ProcessState, taskId: string, approver: Approver): { process: RunningProcess; task: TaskState } {
  const { process, task } = findTask(state, taskId);
  if (!actsFor(approver, task)) throw new PermissionDeniedError('only approvers of the task\'s department in the region of its step may act on it');
  return { process: running(process), task };
}

export function findTask(state: ProcessState, taskId: string): { process: StartedProcess; task: TaskState } {
  const task = state.status === 'none' ? undefined : state.tasks.get(taskId);
  if (state.status === 'none' || !task) throw new NotFoundError(`task ${taskId} does not exist`);
  return { process: state, task };
}

export function running(process: StartedProcess): RunningProcess {
  if (process.status !== 'running') throw new FailedPreconditionError(`the process has ${process.status === 'withdrawn' ? 'been withdrawn' : 'concluded'}`);
  return process as RunningProcess;
}

/** The task, which the approver must hold: claimed by them. */
export function heldTask(state: ProcessState, taskId: string, approver: Approver): { process: RunningProcess; task: TaskState } {
  const found = taskFor(state, taskId, approver);
  const { task } = found;
  if (task.status === 'withdrawn') throw new FailedPreconditionError('the task was withdrawn: its stage already has an outcome');
  if (task.status === 'decided') throw new FailedPreconditionError('the task is already decided');
  if (task.status === 'returned') throw new FailedPreconditionError('the task waits for the applicant\'s materials');
  if (task.status !== 'claimed') throw new FailedPreconditionError('claim the task first');
  if (task.assignee !== approver.subject) throw new FailedPreconditionError('the task is held by another approver');
  return found;
}

/** The held task, which must belong to the stage now running (the clock is the whole case's). */
export function heldCurrentTask(state: ProcessState, taskId: string, approver: Approver): { process: RunningProcess; task: TaskState } {
  const found = heldTask(state, taskId, approver);
  if (found.task.stageIndex !== found.process.stageIndex) throw new FailedPreconditionError('the task does not belong to the stage now running');
  return found;
}

/** Decisions wait while the clock stands still. */
export function assertClockRuns(process: RunningProcess): void {
  const suspension = process.clock.suspension;
  if (suspension) {
    throw new FailedPreconditionError(`the clock stands still since ${suspension.since} (${suspension.kind}): resume it first`);
  }
}
