import type { GetServiceItemRequest, GetServiceItemResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';

/** Every channel reads a catalog item as it now stands (from its stream), and whether it was retired. */
export async function getServiceItem(app: AcceptanceApp, request: GetServiceItemRequest): Promise<GetServiceItemResponse> {
  return { item: await app.catalog.item(request.itemCode, request.version), retired: await app.catalog.retired(request.itemCode) };
}
