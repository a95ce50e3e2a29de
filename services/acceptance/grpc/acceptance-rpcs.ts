import type { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { AcceptanceApp } from '../app/acceptance-app.ts';
import { acceptCase } from '../app/commands/accept-case.ts';
import { deliverResult } from '../app/commands/deliver-result.ts';
import { refuseCase } from '../app/commands/refuse-case.ts';
import { requestSupplement } from '../app/commands/request-supplement.ts';
import { submitBundle } from '../app/commands/submit-bundle.ts';
import { submitCase } from '../app/commands/submit-case.ts';
import { supplyMaterials } from '../app/commands/supply-materials.ts';
import { withdrawCase } from '../app/commands/withdraw-case.ts';
import { computeDeadline } from '../app/queries/compute-deadline.ts';
import { getBundle } from '../app/queries/get-bundle.ts';
import { getCaseHistory } from '../app/queries/get-case-history.ts';
import { getCase } from '../app/queries/get-case.ts';
import { getServiceItem } from '../app/queries/get-service-item.ts';
import { getWorkingCalendar } from '../app/queries/get-working-calendar.ts';
import { listBundles } from '../app/queries/list-bundles.ts';
import { listCases } from '../app/queries/list-cases.ts';
import { listRegions } from '../app/queries/list-regions.ts';
import { getRegion } from '../app/queries/get-region.ts';
import { listDirectory } from '../app/queries/list-directory.ts';
import { listReusableMaterials } from '../app/queries/list-reusable-materials.ts';
import { listServiceItems } from '../app/queries/list-service-items.ts';
import { watchCase } from '../app/queries/watch-case.ts';
import {
  acceptCaseSchema,
  computeDeadlineSchema,
  deliverResultSchema,
  getBundleSchema,
  getCaseSchema,
  getServiceItemSchema,
  getWorkingCalendarSchema,
  listBundlesSchema,
  listCasesSchema,
  listDirectorySchema,
  listRegionsSchema,
  getRegionSchema,
  listReusableMaterialsSchema,
  listServiceItemsSchema,
  refuseCaseSchema,
  requestSupplementSchema,
  submitBundleSchema,
  submitCaseSchema,
  supplyMaterialsSchema,
  withdrawCaseSchema,
} from './request-schemas.ts';

/**
 * The channels' service (一窗受理): each RPC validated by its schema and mapped to its use case in
 * app/. Who may call what, where: services/contracts/access-policy.ts.
 */
export function acceptanceRpcs(app: AcceptanceApp): ServiceImplementation<typeof AcceptanceServiceService> {
  return {
    listServiceItems: { schema: listServiceItemsSchema, handle: (request, caller) => listServiceItems(app, request, caller) },
    getServiceItem: { schema: getServiceItemSchema, handle: (request) => getServiceItem(app, request) },
    listBundles: { schema: listBundlesSchema, handle: (request, caller) => listBundles(app, request, caller) },
    listRegions: { schema: listRegionsSchema, handle: (request) => listRegions(app, request) },
    getRegion: { schema: getRegionSchema, handle: (request) => getRegion(app, request) },
    listDirectory: { schema: listDirectorySchema, handle: (request, caller) => listDirectory(app, request, caller) },
    getWorkingCalendar: { schema: getWorkingCalendarSchema, handle: (request, caller) => getWorkingCalendar(app, request, caller) },
    computeDeadline: { schema: computeDeadlineSchema, handle: (request, caller) => computeDeadline(app, request, caller) },
    submitCase: { schema: submitCaseSchema, handle: (request, caller) => submitCase(app, request, caller) },
    acceptCase: { schema: acceptCaseSchema, handle: (request, caller) => acceptCase(app, request, caller) },
    requestSupplement: { schema: requestSupplementSchema, handle: (request, caller) => requestSupplement(app, request, caller) },
    supplyMaterials: { schema: supplyMaterialsSchema, handle: (request, caller) => supplyMaterials(app, request, caller) },
    refuseCase: { schema: refuseCaseSchema, handle: (request, caller) => refuseCase(app, request, caller) },
    withdrawCase: { schema: withdrawCaseSchema, handle: (request, caller) => withdrawCase(app, request, caller) },
    deliverResult: { schema: deliverResultSchema, handle: (request, caller) => deliverResult(app, request, caller) },
    submitBundle: { schema: submitBundleSchema, handle: (request, caller) => submitBundle(app, request, caller) },
    getCase: { schema: getCaseSchema, handle: (request, caller) => getCase(app, request, caller) },
    listCases: { schema: listCasesSchema, handle: (request, caller) => listCases(app, request, caller) },
    getCaseHistory: { schema: getCaseSchema, handle: (request, caller) => getCaseHistory(app, request, caller) },
    watchCase: { schema: getCaseSchema, stream: (request, caller, write) => watchCase(app, request, caller, write) },
    listReusableMaterials: { schema: listReusableMaterialsSchema, handle: (request, caller) => listReusableMaterials(app, request, caller) },
    getBundle: { schema: getBundleSchema, handle: (request, caller) => getBundle(app, request, caller) },
  };
}
