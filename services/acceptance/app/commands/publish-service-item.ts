import type { PublishServiceItemRequest, PublishServiceItemResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { SERVICE_ITEM_STREAM_TYPE, serviceItemStreamId } from '../../domain/catalog/service-item-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from './record.ts';
import { itemLookups } from '../directory/directory-lookup.ts';

/** An operator publishes a catalog item (事项目录), or revises it: a new version, which new cases pin. */
export async function publishServiceItem(app: AcceptanceApp, request: PublishServiceItemRequest, caller: CallContext): Promise<PublishServiceItemResponse> {
  const { version: _version, ...item } = request.item!;
  const result = await record(app, app.items, request, caller, async () => ({
    streamId: serviceItemStreamId(item.itemCode),
    streamType: SERVICE_ITEM_STREAM_TYPE,
    regionCode: item.regionCode,
    command: { type: 'PublishServiceItem', item, known: await itemLookups(app.directory, app.regions, item) },
  }));
  return { version: result.state.versions.at(-1)?.version ?? 0, consistencyToken: result.consistencyToken };
}
