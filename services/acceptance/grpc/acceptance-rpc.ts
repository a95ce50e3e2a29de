import type { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import { bundleCommandRpcs } from './bundle-command-rpcs.ts';
import { caseCommandRpcs } from './case-command-rpcs.ts';
import { caseQueryRpcs } from './case-query-rpcs.ts';
import { catalogQueryRpcs } from './catalog-query-rpcs.ts';

/** The channels' service (一窗受理); who may call what, where: services/platform/security/access-policy-table.ts. */
export function acceptanceRpc(deps: AcceptanceRpcDependencies): ServiceImplementation<typeof AcceptanceServiceService> {
  return { ...catalogQueryRpcs(deps), ...caseCommandRpcs(deps), ...bundleCommandRpcs(deps), ...caseQueryRpcs(deps) };
}
