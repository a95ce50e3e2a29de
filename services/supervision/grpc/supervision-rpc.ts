import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { clockRpcs } from './clock-rpcs.ts';
import { orderRpcs } from './order-rpcs.ts';
import { policyRpcs } from './policy-rpcs.ts';
import { ratingRpcs } from './rating-rpcs.ts';
import { statisticsRpcs } from './statistics-rpcs.ts';
import type { SupervisionRpcDependencies } from './supervision-rpc-dependencies.ts';

/** Supervision's service (效能监督 + 好差评); who may call what, where: services/platform/security/access-policy-table.ts. */
export function supervisionRpc(deps: SupervisionRpcDependencies): ServiceImplementation<typeof SupervisionServiceService> {
  return { ...clockRpcs(deps), ...orderRpcs(deps), ...ratingRpcs(deps), ...statisticsRpcs(deps), ...policyRpcs(deps) };
}
