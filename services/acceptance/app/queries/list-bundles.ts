import type { ListBundlesRequest, ListBundlesResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { BundleDefinition } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { BUNDLE_DEFINITIONS, type BundleDefinitionDocument } from '../projections/catalog-projection.ts';

/** Every channel lists the 一件事 bundles offered in a region's subtree. */
export async function listBundles(app: AcceptanceApp, request: ListBundlesRequest, caller: CallContext): Promise<ListBundlesResponse> {
  await awaitConsistency(app.views.catalog, request.consistencyToken, caller, app.consistencyWaitMs);
  const documents = await app.readModels.find<BundleDefinitionDocument>(BUNDLE_DEFINITIONS, {
    where: request.regionCode ? { regionCode: { prefix: subtreePrefix(request.regionCode) } } : {},
  });
  return { bundles: documents.map((d) => BundleDefinition.fromJSON(d.bundle)) };
}
