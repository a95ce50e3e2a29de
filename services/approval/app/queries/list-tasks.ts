import type { ListTasksRequest, ListTasksResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import { Task } from '../../../../generated/onewindow/approval/v1/process.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readPage } from '../../../platform/app/paging.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { Where } from '../../../platform/readmodel/read-model-store.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { TASKS, type TaskDocument } from '../projections/approval-views-projection.ts';
import { taskAsOfToday } from './as-of-today.ts';

/**
 * An inbox, nearest due date first, as of today. An approver sees their department's tasks for
 * their role (scope `department`); a supervisor, any department's in their jurisdiction.
 */
export async function listTasks(app: ApprovalApp, request: ListTasksRequest, caller: CallContext): Promise<ListTasksResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const region = request.regionCode || caller.caller.regionCode;
  const ownDepartment = caller.scope === 'department';
  const department = ownDepartment ? request.department || caller.caller.department : request.department;
  caller.authorize({ regions: [region], department });
  const where: Where = {
    regionCode: { prefix: subtreePrefix(region) },
    status: { in: request.statuses.length ? request.statuses : ['TASK_STATUS_OPEN', 'TASK_STATUS_CLAIMED', 'TASK_STATUS_RETURNED'] },
    ...(department ? { department } : {}),
    ...(ownDepartment ? { role: caller.role } : {}),
  };
  const page = await readPage(request, (window) => app.readModels.find<TaskDocument>(TASKS, { where, orderBy: [['dueDate', 'asc']], ...window }));
  const now = app.clock.now();
  return { tasks: page.items.map((d) => taskAsOfToday(app.calendars, Task.fromJSON(d.task), d.suspendedOn, now)), nextPageToken: page.nextPageToken };
}
