import type { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import { Process, Task } from '../../../generated/onewindow/approval/v1/process.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { Where } from '../../platform/readmodel/read-model-store.ts';
import { PROCESSES, type ProcessDocument, TASKS, type TaskDocument } from '../app/projections/approval-views-projection.ts';
import type { ApprovalRpcDependencies } from './approval-rpc-dependencies.ts';
import { getProcessSchema, listTasksSchema } from './request-schemas.ts';
import { processAsOfToday, taskAsOfToday } from './working-days-remaining.ts';

type QueryRpcs = Pick<ServiceImplementation<typeof ApprovalServiceService>, 'listTasks' | 'getProcess'>;

/** Inboxes and processes, as of today; every query honours a consistency token. */
export function queryRpcs(deps: ApprovalRpcDependencies): QueryRpcs {
  const waitFor = (token: string, context: CallContext) =>
    deps.views.waitFor(decodeConsistencyToken(token), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);

  return {
    listTasks: {
      schema: listTasksSchema,
      /** An approver sees their department's tasks for their role (scope `department`); a supervisor, any department's. */
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        const region = request.regionCode || context.caller.regionCode;
        const ownDepartment = context.scope === 'department';
        const department = ownDepartment ? request.department || context.caller.department : request.department;
        context.authorize({ regions: [region], department });
        const where: Where = {
          regionCode: { prefix: subtreePrefix(region) },
          status: { in: request.statuses.length ? request.statuses : ['TASK_STATUS_OPEN', 'TASK_STATUS_CLAIMED', 'TASK_STATUS_RETURNED'] },
          ...(department ? { department } : {}),
          ...(ownDepartment ? { role: context.role } : {}),
        };
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<TaskDocument>(TASKS, { where, orderBy: [['dueDate', 'asc']], limit: size + 1, offset });
        const now = deps.clock.now();
        return {
          tasks: documents.slice(0, size).map((d) => taskAsOfToday(deps.calendars, Task.fromJSON(d.task), d.suspendedOn, now)),
          nextPageToken: nextPageToken(offset, size, documents.length > size),
        };
      },
    },

    getProcess: {
      schema: getProcessSchema,
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        const document = await deps.readModels.get<ProcessDocument>(PROCESSES, request.caseNumber);
        if (!document) throw new NotFoundError(`case ${request.caseNumber} has no approval process`);
        const process = Process.fromJSON(document.process);
        context.authorize({ regions: [document.handlingRegionCode, ...process.tasks.map((t) => t.regionCode)] });
        return { process: processAsOfToday(deps.calendars, process, document.handlingRegionCode, document.suspendedOn, deps.clock.now()) };
      },
    },
  };
}
