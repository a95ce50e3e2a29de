import type { SupplyMaterialsRequest, SupplyMaterialsResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { submitterOf, walletOf } from '../application-intake.ts';
import { caseAfter } from './on-case.ts';

/** The applicant, or a clerk for them, hands in materials asked for (补正) or caught up (容缺). */
export function supplyMaterials(app: AcceptanceApp, request: SupplyMaterialsRequest, caller: CallContext): Promise<SupplyMaterialsResponse> {
  return caseAfter(app, request, caller, async (record, item, now) => ({
    type: 'SupplyMaterials',
    item,
    materials: request.materials,
    submitter: submitterOf(caller),
    reusable: await walletOf(app, record.submitted.holderId),
    now,
  }));
}
