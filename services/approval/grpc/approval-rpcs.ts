import type { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { ApprovalApp } from '../app/approval-app.ts';
import { claimTask } from '../app/commands/claim-task.ts';
import { decideTask } from '../app/commands/decide-task.ts';
import { extendDeadline } from '../app/commands/extend-deadline.ts';
import { reassignTask } from '../app/commands/reassign-task.ts';
import { releaseTask } from '../app/commands/release-task.ts';
import { resumeClock } from '../app/commands/resume-clock.ts';
import { suspendClock } from '../app/commands/suspend-clock.ts';
import { getProcess } from '../app/queries/get-process.ts';
import { listTasks } from '../app/queries/list-tasks.ts';
import {
  claimTaskSchema,
  decideTaskSchema,
  extendDeadlineSchema,
  getProcessSchema,
  listTasksSchema,
  reassignTaskSchema,
  releaseTaskSchema,
  resumeClockSchema,
  suspendClockSchema,
} from './request-schemas.ts';

/**
 * The back office's service (后台分类审批): each RPC validated by its schema and mapped to its use
 * case in app/. Who may call what, where: ./access-policy.ts.
 */
export function approvalRpcs(app: ApprovalApp): ServiceImplementation<typeof ApprovalServiceService> {
  return {
    listTasks: { schema: listTasksSchema, handle: (request, caller) => listTasks(app, request, caller) },
    getProcess: { schema: getProcessSchema, handle: (request, caller) => getProcess(app, request, caller) },
    claimTask: { schema: claimTaskSchema, handle: (request, caller) => claimTask(app, request, caller) },
    releaseTask: { schema: releaseTaskSchema, handle: (request, caller) => releaseTask(app, request, caller) },
    reassignTask: { schema: reassignTaskSchema, handle: (request, caller) => reassignTask(app, request, caller) },
    decideTask: { schema: decideTaskSchema, handle: (request, caller) => decideTask(app, request, caller) },
    suspendClock: { schema: suspendClockSchema, handle: (request, caller) => suspendClock(app, request, caller) },
    resumeClock: { schema: resumeClockSchema, handle: (request, caller) => resumeClock(app, request, caller) },
    extendDeadline: { schema: extendDeadlineSchema, handle: (request, caller) => extendDeadline(app, request, caller) },
  };
}
