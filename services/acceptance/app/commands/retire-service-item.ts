import type { RetireServiceItemRequest, RetireServiceItemResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { SERVICE_ITEM_STREAM_TYPE, serviceItemStreamId } from '../../domain/catalog/service-item-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { itemVersion } from '../catalog-lookup.ts';
import { record } from './record.ts';

/** An operator retires a catalog item: no new applications; cases under way go on under their version. */
export async function retireServiceItem(app: AcceptanceApp, request: RetireServiceItemRequest, caller: CallContext): Promise<RetireServiceItemResponse> {
  const streamId = serviceItemStreamId(request.itemCode);
  const result = await record(app, app.items, request, caller, async () => {
    const loaded = await app.items.load(streamId);
    const item = itemVersion(loaded.state, request.itemCode);
    return { streamId, streamType: SERVICE_ITEM_STREAM_TYPE, regionCode: item.regionCode, command: { type: 'RetireServiceItem', reason: request.reason }, loaded };
  });
  return { consistencyToken: result.consistencyToken };
}
