import type { ListServiceItemsRequest, ListServiceItemsResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readPage } from '../../../platform/app/paging.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { SERVICE_ITEMS, type ServiceItemDocument } from '../projections/catalog-projection.ts';

/** Every channel browses the catalog: items offered in a region's subtree, by level, keyword and channel. */
export async function listServiceItems(app: AcceptanceApp, request: ListServiceItemsRequest, caller: CallContext): Promise<ListServiceItemsResponse> {
  await awaitConsistency(app.views.catalog, request.consistencyToken, caller, app.consistencyWaitMs);
  const documents = await app.readModels.find<ServiceItemDocument>(SERVICE_ITEMS, {
    where: {
      retired: false,
      ...(request.regionCode ? { regionCode: { prefix: subtreePrefix(request.regionCode) } } : {}),
      ...(request.level !== 'LEVEL_UNSPECIFIED' ? { handlingLevel: request.level } : {}),
    },
    orderBy: [['name', 'asc']],
  });
  // Keyword and channel are matched here, so the page is cut from what matched.
  const matching = documents.filter(
    (d) => (!request.keyword || d.name.includes(request.keyword)) && (request.channel === 'CHANNEL_UNSPECIFIED' || d.channels.includes(request.channel)),
  );
  const page = await readPage(request, async ({ offset, limit }) => matching.slice(offset, offset + limit));
  return { items: page.items.map((d) => ServiceItem.fromJSON(d.item)), nextPageToken: page.nextPageToken };
}
