import type { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import { Process, Task } from '../../../generated/onewindow/approval/v1/process.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { CalendarRegistry } from '../../platform/calendar/calendar-registry.ts';
import { isWithin, subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import { requestCausation } from '../../platform/app/causation.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';
import type { Approver, ProcessCommand } from '../domain/process/process-commands.ts';
import { PROCESS_STREAM_TYPE, type ProcessEvent, caseNumberOfTask, processStreamId } from '../domain/process/process-events.ts';
import type { ProcessState } from '../domain/process/process-state.ts';
import { processViewOf } from '../app/process-view.ts';
import { PROCESSES, type ProcessDocument, TASKS, type TaskDocument } from '../app/projections/approval-views-projection.ts';
import { claimTaskSchema, decideTaskSchema, getProcessSchema, listTasksSchema } from './request-schemas.ts';

export interface ApprovalRpcDependencies {
  readonly processes: CommandHandler<ProcessCommand, ProcessEvent, ProcessState>;
  readonly readModels: ReadModelReader;
  readonly views: ReadModelWaiter;
  readonly calendars: CalendarRegistry;
  readonly clock: Clock;
  readonly consistencyWaitMs: number;
}

const approverOf = (context: CallContext): Approver => ({
  subject: context.caller.subject,
  department: context.caller.department,
  jurisdiction: context.caller.regionCode,
});

export function approvalRpc(deps: ApprovalRpcDependencies): ServiceImplementation<typeof ApprovalServiceService> {
  /** Working days left are relative to today, so they are computed when a task is read. */
  const withRemaining = (task: Task): Task => {
    const today = chinaDateOf(deps.clock.now());
    return task.due?.date ? { ...task, workingDaysRemaining: deps.calendars.calendarFor(task.regionCode).workingDaysBetween(today, task.due.date).days } : task;
  };

  /** Runs a task command and answers with the task as it now stands. */
  const actOnTask = async (
    request: { taskId: string; requestId: string },
    context: CallContext,
    command: (now: Date) => ProcessCommand,
  ) => {
    const { taskId } = request;
    const caseNumber = caseNumberOfTask(taskId);
    if (!caseNumber) throw new NotFoundError(`task ${taskId} does not exist`);
    const now = deps.clock.now();
    const { idempotencyKey, requestFingerprint } = requestIdentity(context, request.requestId, request);
    const result = await deps.processes.handle({
      streamId: processStreamId(caseNumber),
      streamType: PROCESS_STREAM_TYPE,
      command: command(now),
      context: {
        actor: actorOf(context),
        correlationId: caseNumber,
        causationId: requestCausation(idempotencyKey),
        regionCode: context.caller.regionCode,
        traceContext: context.traceContext,
      },
      now,
      idempotencyKey,
      requestFingerprint,
    });
    const { events } = await deps.processes.load(processStreamId(caseNumber));
    const task = processViewOf(events)?.tasks.find((t) => t.taskId === taskId);
    if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
    return { task: withRemaining(task), consistencyToken: result.consistencyToken };
  };

  const waitFor = (token: string, context: CallContext) =>
    deps.views.waitFor(decodeConsistencyToken(token), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);

  return {
    listTasks: {
      access: ['ROLE_APPROVER', 'ROLE_SUPERVISOR'],
      schema: listTasksSchema,
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        const jurisdiction = context.caller.regionCode;
        if (!jurisdiction) throw new PermissionDeniedError('the caller has no jurisdiction');
        const statuses = request.statuses.length ? request.statuses : ['TASK_STATUS_OPEN', 'TASK_STATUS_CLAIMED'];
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<TaskDocument>(TASKS, {
          where: {
            regionCode: { prefix: subtreePrefix(jurisdiction) },
            status: { in: statuses },
            ...(context.role === 'ROLE_APPROVER' ? { department: context.caller.department, role: context.role } : {}),
          },
          orderBy: [['dueDate', 'asc']],
          limit: size + 1,
          offset,
        });
        return {
          tasks: documents.slice(0, size).map((d) => withRemaining(Task.fromJSON(d.task))),
          nextPageToken: nextPageToken(offset, size, documents.length > size),
        };
      },
    },

    claimTask: {
      access: ['ROLE_APPROVER'],
      schema: claimTaskSchema,
      handle: (request, context) =>
        actOnTask(request, context, (now) => ({ type: 'ClaimTask', taskId: request.taskId, approver: approverOf(context), now })),
    },

    decideTask: {
      access: ['ROLE_APPROVER'],
      schema: decideTaskSchema,
      handle: (request, context) =>
        actOnTask(request, context, (now) => ({
          type: 'DecideTask',
          taskId: request.taskId,
          approver: approverOf(context),
          decision: request.decision,
          opinion: request.opinion,
          now,
        })),
    },

    getProcess: {
      access: ['ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR'],
      schema: getProcessSchema,
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        const document = await deps.readModels.get<ProcessDocument>(PROCESSES, request.caseNumber);
        if (!document) throw new NotFoundError(`case ${request.caseNumber} has no approval process`);
        const process = Process.fromJSON(document.process);
        const jurisdiction = context.caller.regionCode;
        const covered = [document.handlingRegionCode, ...process.tasks.map((t) => t.regionCode)].some((code) => jurisdiction && isWithin(code, jurisdiction));
        if (!covered) throw new PermissionDeniedError('the case lies outside the caller\'s jurisdiction');
        return { process: { ...process, tasks: process.tasks.map(withRemaining) } };
      },
    },
  };
}
