import type { AcceptCaseRequest, AcceptCaseResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { BAD_CREDIT, POLICIES, type PolicyDocument } from '../projections/jurisdiction-projection.ts';
import { caseAfter } from './on-case.ts';

/** A clerk of the jurisdiction accepts a case (受理, 行政许可法 Art. 32): normally, under 容缺 or under 告知承诺. */
export function acceptCase(app: AcceptanceApp, request: AcceptCaseRequest, caller: CallContext): Promise<AcceptCaseResponse> {
  // 容缺 only where the jurisdiction allows it; 告知承诺 not for an applicant with bad credit.
  return caseAfter(app, request, caller, async (record, item, now) => ({
    type: 'AcceptCase',
    item,
    mode: request.mode,
    catchUpWorkingDays: request.catchUpWorkingDays,
    toleranceEnabled: await toleranceEnabled(app, record.submitted.handlingRegionCode),
    badCredit: Boolean(await app.readModels.get(BAD_CREDIT, record.submitted.holderId)),
    now,
  }));
}

/** A jurisdiction's policy is its own, else the nearest ancestor's; 容缺 is off by default. */
async function toleranceEnabled(app: AcceptanceApp, regionCode: string): Promise<boolean> {
  for (const region of app.regions.lineage(regionCode).reverse()) {
    const policy = await app.readModels.get<PolicyDocument>(POLICIES, region.code);
    if (policy) return policy.toleranceAcceptance;
  }
  return false;
}
