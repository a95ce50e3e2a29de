import type { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { ApprovalRpcDependencies } from './approval-rpc-dependencies.ts';
import { approverOf, processCommandsRunner } from './process-commands-runner.ts';
import { extendDeadlineSchema, resumeClockSchema, suspendClockSchema } from './request-schemas.ts';

type ClockRpcs = Pick<ServiceImplementation<typeof ApprovalServiceService>, 'suspendClock' | 'resumeClock' | 'extendDeadline'>;

/** The case's legal clock (特别程序): stop it, run it again, extend it once. */
export function clockRpcs(deps: ApprovalRpcDependencies): ClockRpcs {
  const { onProcess } = processCommandsRunner(deps);
  return {
    suspendClock: {
      schema: suspendClockSchema,
      handle: (request, context) =>
        onProcess(request, context, (now) => ({
          type: 'SuspendClock',
          taskId: request.taskId,
          approver: approverOf(context),
          kind: request.kind,
          reason: request.reason,
          legalBasis: request.legalBasis,
          expectedWorkingDays: request.expectedWorkingDays,
          now,
        })),
    },

    resumeClock: {
      schema: resumeClockSchema,
      handle: (request, context) =>
        onProcess(request, context, (now) => ({ type: 'ResumeClock', taskId: request.taskId, approver: approverOf(context), result: request.result, now })),
    },

    extendDeadline: {
      schema: extendDeadlineSchema,
      handle: (request, context) =>
        onProcess(request, context, (now) => ({
          type: 'ExtendDeadline',
          taskId: request.taskId,
          approver: approverOf(context),
          reason: request.reason,
          approvedBy: request.approvedBy,
          now,
        })),
    },
  };
}
