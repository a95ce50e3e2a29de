import type { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { ApprovalRpcDependencies } from './approval-rpc-dependencies.ts';
import { approverOf, processCommandsRunner } from './process-commands-runner.ts';
import { claimTaskSchema, decideTaskSchema, reassignTaskSchema, releaseTaskSchema } from './request-schemas.ts';

type TaskRpcs = Pick<ServiceImplementation<typeof ApprovalServiceService>, 'claimTask' | 'releaseTask' | 'reassignTask' | 'decideTask'>;

/** Working a task: take it, put it back, hand it on, decide it. */
export function taskRpcs(deps: ApprovalRpcDependencies): TaskRpcs {
  const { onTask } = processCommandsRunner(deps);
  return {
    claimTask: {
      schema: claimTaskSchema,
      handle: (request, context) => onTask(request, context, (now) => ({ type: 'ClaimTask', taskId: request.taskId, approver: approverOf(context), now })),
    },

    releaseTask: {
      schema: releaseTaskSchema,
      handle: (request, context) => onTask(request, context, () => ({ type: 'ReleaseTask', taskId: request.taskId, approver: approverOf(context) })),
    },

    reassignTask: {
      schema: reassignTaskSchema,
      handle: (request, context) =>
        onTask(request, context, () => ({
          type: 'ReassignTask',
          taskId: request.taskId,
          by:
            context.role === 'ROLE_SUPERVISOR'
              ? { kind: 'supervisor', subject: context.caller.subject, jurisdiction: context.caller.regionCode }
              : { kind: 'approver', approver: approverOf(context) },
          assignee: request.assignee,
          reason: request.reason,
        })),
    },

    decideTask: {
      schema: decideTaskSchema,
      handle: (request, context) =>
        onTask(request, context, (now) => ({
          type: 'DecideTask',
          taskId: request.taskId,
          approver: approverOf(context),
          decision: request.decision,
          opinion: request.opinion,
          materialCodes: request.materialCodes,
          now,
        })),
    },
  };
}
