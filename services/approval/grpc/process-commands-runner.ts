import { requestCausation } from '../../platform/app/causation.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf } from '../../platform/grpc/call-context.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import { processViewOf } from '../app/process-view.ts';
import { findTask } from '../domain/process/process-access.ts';
import type { Approver, ProcessCommand } from '../domain/process/process-commands.ts';
import { PROCESS_STREAM_TYPE, caseNumberOfTask, processStreamId } from '../domain/process/process-events.ts';
import type { ApprovalRpcDependencies } from './approval-rpc-dependencies.ts';
import { processAsOfToday, taskAsOfToday } from './working-days-remaining.ts';

export const approverOf = (context: CallContext): Approver => ({
  subject: context.caller.subject,
  department: context.caller.department,
  jurisdiction: context.caller.regionCode,
});

/** Runs a caller's command on the process a task belongs to; answers with the process as it now stands. */
export function processCommandsRunner(deps: ApprovalRpcDependencies) {
  const run = async (request: { taskId: string; requestId: string }, context: CallContext, command: (now: Date) => ProcessCommand) => {
    const caseNumber = caseNumberOfTask(request.taskId);
    if (!caseNumber) throw new NotFoundError(`task ${request.taskId} does not exist`);
    const streamId = processStreamId(caseNumber);
    // The task's department and region decide who may act on it (the policy table's scope).
    const { task } = findTask((await deps.processes.load(streamId)).state, request.taskId);
    context.authorize({ regions: [task.regionCode], department: task.department });
    const now = deps.clock.now();
    const { idempotencyKey, requestFingerprint } = requestIdentity(context, request.requestId, request);
    const result = await deps.processes.handle({
      streamId,
      streamType: PROCESS_STREAM_TYPE,
      command: command(now),
      context: { actor: actorOf(context), correlationId: caseNumber, causationId: requestCausation(idempotencyKey), regionCode: context.caller.regionCode, traceContext: context.traceContext },
      now,
      idempotencyKey,
      requestFingerprint,
    });
    const view = processViewOf((await deps.processes.load(streamId)).events);
    if (!view) throw new NotFoundError(`task ${request.taskId} does not exist`);
    const { itemName: _name, handlingRegionCode, suspendedOn, ...process } = view;
    return { process: processAsOfToday(deps.calendars, process, handlingRegionCode, suspendedOn, deps.clock.now()), suspendedOn, consistencyToken: result.consistencyToken };
  };

  return {
    /** Answers with the process. */
    onProcess: async (request: { taskId: string; requestId: string }, context: CallContext, command: (now: Date) => ProcessCommand) => {
      const { process, consistencyToken } = await run(request, context, command);
      return { process, consistencyToken };
    },
    /** Answers with the task. */
    onTask: async (request: { taskId: string; requestId: string }, context: CallContext, command: (now: Date) => ProcessCommand) => {
      const { process, suspendedOn, consistencyToken } = await run(request, context, command);
      const task = process.tasks.find((t) => t.taskId === request.taskId);
      if (!task) throw new NotFoundError(`task ${request.taskId} does not exist`);
      return { task: taskAsOfToday(deps.calendars, task, suspendedOn, deps.clock.now()), consistencyToken };
    },
  };
}
