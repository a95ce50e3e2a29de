import type { ApprovalServiceService } from '../../../generated/onewindow/approval/v1/approval_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { ApprovalRpcDependencies } from './approval-rpc-dependencies.ts';
import { clockRpcs } from './clock-rpcs.ts';
import { queryRpcs } from './query-rpcs.ts';
import { taskRpcs } from './task-rpcs.ts';

/** The back office's service (后台分类审批); who may call what, where: services/platform/security/access-policy-table.ts. */
export function approvalRpc(deps: ApprovalRpcDependencies): ServiceImplementation<typeof ApprovalServiceService> {
  return { ...queryRpcs(deps), ...taskRpcs(deps), ...clockRpcs(deps) };
}
