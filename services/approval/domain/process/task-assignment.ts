import { isWithin } from '../../../platform/codes/region-code.ts';
import { FailedPreconditionError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { findTask, heldTask, running, taskFor } from './process-access.ts';
import type { ClaimTask, ReassignTask, ReleaseTask } from './process-commands.ts';
import type { ProcessEvent } from './process-events.ts';
import type { ProcessState } from './process-state.ts';

/** Taking a task, putting it back, handing it on: one holder at a time. */
export function claim(command: ClaimTask, state: ProcessState): ProcessEvent[] {
  const { process, task } = taskFor(state, command.taskId, command.approver);
  if (task.status === 'decided') throw new FailedPreconditionError('the task is already decided');
  if (task.status === 'withdrawn') throw new FailedPreconditionError('the task was withdrawn: its stage already has an outcome');
  if (task.status === 'claimed' || task.status === 'returned') {
    if (task.assignee === command.approver.subject) return [];
    throw new FailedPreconditionError('the task is held by another approver');
  }
  return [{ $case: 'taskClaimed', value: { caseNumber: process.caseNumber, taskId: task.taskId, assignee: command.approver.subject } }];
}

export function release(command: ReleaseTask, state: ProcessState): ProcessEvent[] {
  const { process, task } = heldTask(state, command.taskId, command.approver);
  return [{ $case: 'taskReleased', value: { caseNumber: process.caseNumber, taskId: task.taskId, previousAssignee: task.assignee } }];
}

/**
 * 转办. Its holder hands it to a colleague; a supervisor of the jurisdiction may hand on any task
 * still undecided (one its holder left lying). The new holder must be of the department to act:
 * that is checked when they do.
 */
export function reassign(command: ReassignTask, state: ProcessState): ProcessEvent[] {
  const { by } = command;
  const { process, task } =
    by.kind === 'approver'
      ? heldOrReturned(state, command.taskId, by.approver)
      : (() => {
          const found = findTask(state, command.taskId);
          if (!by.jurisdiction || !isWithin(found.task.regionCode, by.jurisdiction)) {
            throw new PermissionDeniedError('the task lies outside the supervisor\'s jurisdiction');
          }
          return { process: running(found.process), task: found.task };
        })();
  if (task.status === 'decided' || task.status === 'withdrawn') throw new FailedPreconditionError(`the task is ${task.status}`);
  if (!command.assignee.trim()) throw ValidationError.field('assignee', 'is required: the approver who takes the task over');
  if (command.assignee === task.assignee) throw new FailedPreconditionError('the task is held by that approver already');
  if (!command.reason.trim()) throw ValidationError.field('reason', 'is required: why the task changes hands');
  return [
    {
      $case: 'taskReassigned',
      value: {
        caseNumber: process.caseNumber,
        taskId: task.taskId,
        previousAssignee: task.assignee,
        assignee: command.assignee,
        reassignedBy: by.kind === 'approver' ? by.approver.subject : by.subject,
        reason: command.reason,
      },
    },
  ];
}

/** A holder may hand on a task waiting for the applicant's materials, too. */
function heldOrReturned(state: ProcessState, taskId: string, approver: Parameters<typeof heldTask>[2]) {
  const found = taskFor(state, taskId, approver);
  if (found.task.status === 'returned' && found.task.assignee === approver.subject) return found;
  return heldTask(state, taskId, approver);
}
