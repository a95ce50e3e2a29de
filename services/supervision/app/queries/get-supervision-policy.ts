import type { GetSupervisionPolicyRequest, GetSupervisionPolicyResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** The policy that applies to a region (its own, else its nearest ancestor's, else the defaults): for staff of that region. */
export async function getSupervisionPolicy(app: SupervisionApp, request: GetSupervisionPolicyRequest, caller: CallContext): Promise<GetSupervisionPolicyResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  caller.authorize({ regions: [request.regionCode] });
  return { policy: await app.policyFor(request.regionCode) };
}
