import type { Process, Task } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import { findTask } from '../../domain/process/process-access.ts';
import type { Approver, ProcessCommand } from '../../domain/process/process-commands.ts';
import { PROCESS_STREAM_TYPE, caseNumberOfTask, processStreamId } from '../../domain/process/process-events.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { processViewOf } from '../process-view.ts';
import { processAsOfToday, taskAsOfToday } from '../queries/as-of-today.ts';

/** A command on a task, as the caller's request names it. */
export interface TaskRequest {
  readonly taskId: string;
  readonly requestId: string;
}

export const approverOf = (caller: CallContext): Approver => ({
  subject: caller.caller.subject,
  department: caller.caller.department,
  jurisdiction: caller.caller.regionCode,
});

/**
 * Runs a caller's command on the process a task belongs to: the task's department and region
 * decide who may act on it (the access policy's scope). Answers with the process as it now
 * stands, as of today.
 */
async function runOnTask(app: ApprovalApp, request: TaskRequest, caller: CallContext, command: (now: Date) => ProcessCommand) {
  const caseNumber = caseNumberOfTask(request.taskId);
  if (!caseNumber) throw new NotFoundError(`task ${request.taskId} does not exist`);
  const streamId = processStreamId(caseNumber);
  const now = app.clock.now();
  const result = await runCommand(app.processes, { caller, request, now }, {
    async authorize() {
      const loaded = await app.processes.load(streamId);
      const { task } = findTask(loaded.state, request.taskId);
      caller.authorize({ regions: [task.regionCode], department: task.department });
      return loaded;
    },
    prepare: (loaded) => ({ streamId, streamType: PROCESS_STREAM_TYPE, command: command(now), correlationId: caseNumber, regionCode: caller.caller.regionCode, loaded }),
  });
  const view = processViewOf(result.history);
  if (!view) throw new NotFoundError(`task ${request.taskId} does not exist`);
  const { itemName: _name, handlingRegionCode, suspendedOn, ...process } = view;
  return { process: processAsOfToday(app.calendars, process, handlingRegionCode, suspendedOn, app.clock.now()), suspendedOn, consistencyToken: result.consistencyToken };
}

/** A command on a task, answered with the process. */
export async function processAfter(app: ApprovalApp, request: TaskRequest, caller: CallContext, command: (now: Date) => ProcessCommand): Promise<{ process: Process; consistencyToken: string }> {
  const { process, consistencyToken } = await runOnTask(app, request, caller, command);
  return { process, consistencyToken };
}

/** A command on a task, answered with the task. */
export async function taskAfter(app: ApprovalApp, request: TaskRequest, caller: CallContext, command: (now: Date) => ProcessCommand): Promise<{ task: Task; consistencyToken: string }> {
  const { process, suspendedOn, consistencyToken } = await runOnTask(app, request, caller, command);
  const task = process.tasks.find((t) => t.taskId === request.taskId);
  if (!task) throw new NotFoundError(`task ${request.taskId} does not exist`);
  return { task: taskAsOfToday(app.calendars, task, suspendedOn, app.clock.now()), consistencyToken };
}
