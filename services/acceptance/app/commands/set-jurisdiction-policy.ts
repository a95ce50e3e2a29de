import type { SetJurisdictionPolicyRequest, SetJurisdictionPolicyResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { policyStreamId } from '../../domain/administration/jurisdiction-records.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from './record.ts';

/** An operator sets a jurisdiction's acceptance policy (whether it allows 容缺受理), for its subtree. */
export async function setJurisdictionPolicy(app: AcceptanceApp, request: SetJurisdictionPolicyRequest, caller: CallContext): Promise<SetJurisdictionPolicyResponse> {
  const policy = request.policy!;
  const result = await record(app, app.jurisdictions, request, caller, async () => ({
    streamId: policyStreamId(policy.regionCode),
    streamType: 'jurisdiction-policy',
    regionCode: policy.regionCode,
    command: { type: 'SetJurisdictionPolicy', policy, knownRegion: (code) => app.regions.inForce(code) },
  }));
  return { consistencyToken: result.consistencyToken };
}
