import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { POLICY_STREAM_TYPE, policyStreamId } from '../domain/policy/supervision-policy.ts';
import { getSupervisionPolicySchema, setSupervisionPolicySchema } from './request-schemas.ts';
import { runCommand } from '../../platform/grpc/run-command.ts';
import type { SupervisionRpcDependencies } from './supervision-rpc-dependencies.ts';
import { waitFor } from './supervision-access.ts';

/** A jurisdiction's thresholds and follow-up deadlines. */
export function policyRpcs(deps: SupervisionRpcDependencies): Pick<ServiceImplementation<typeof SupervisionServiceService>, 'setSupervisionPolicy' | 'getSupervisionPolicy'> {
  return {
    setSupervisionPolicy: {
      schema: setSupervisionPolicySchema,
      async handle(request, context) {
        const policy = request.policy!;
        const result = await runCommand(deps.policies, deps.clock, {
          streamId: policyStreamId(policy.regionCode), streamType: POLICY_STREAM_TYPE, correlationId: '', regionCode: policy.regionCode, request, context,
          command: () => ({ type: 'SetPolicy', policy }),
        });
        return { consistencyToken: result.consistencyToken };
      },
    },

    getSupervisionPolicy: {
      schema: getSupervisionPolicySchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        context.authorize({ regions: [request.regionCode] });
        return { policy: await deps.policyFor(request.regionCode) };
      },
    },
  };
}
