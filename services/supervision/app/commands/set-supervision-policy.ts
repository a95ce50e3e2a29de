import type { SetSupervisionPolicyRequest, SetSupervisionPolicyResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { POLICY_STREAM_TYPE, policyStreamId } from '../../domain/policy/supervision-policy.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** An operator sets a jurisdiction's alert thresholds and follow-up deadlines; its running cases are rescheduled. */
export async function setSupervisionPolicy(app: SupervisionApp, request: SetSupervisionPolicyRequest, caller: CallContext): Promise<SetSupervisionPolicyResponse> {
  // The request schema requires the policy.
  const policy = request.policy!;
  const result = await runCommand(app.policies, { caller, request, now: app.clock.now() }, {
    prepare: () => ({ streamId: policyStreamId(policy.regionCode), streamType: POLICY_STREAM_TYPE, command: { type: 'SetPolicy', policy }, correlationId: '', regionCode: policy.regionCode }),
  });
  return { consistencyToken: result.consistencyToken };
}
