import { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { AcceptancePayload } from '../../../platform/messaging/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';

/** The current version of each published item, with the fields the catalog is searched by. */
export interface ServiceItemDocument extends ReadModelDocument {
  readonly version: number;
  readonly name: string;
  readonly regionCode: string;
  readonly handlingLevel: string;
  readonly channels: readonly string[];
  /** The whole item, as proto3 JSON. */
  readonly item: unknown;
}

export const SERVICE_ITEMS = 'service_items';

export const catalogProjection: Projection<AcceptancePayload> = {
  name: 'catalog',
  collections: [{ name: SERVICE_ITEMS, indexes: [['regionCode'], ['handlingLevel']] }],
  async apply(event, tx) {
    if (event.payload.$case !== 'serviceItemPublished' || !event.payload.value.item) return;
    const item = event.payload.value.item;
    const document: ServiceItemDocument = {
      id: item.itemCode,
      version: item.version,
      name: item.name,
      regionCode: item.regionCode,
      handlingLevel: item.handlingLevel,
      channels: item.channels,
      item: ServiceItem.toJSON(item),
    };
    await tx.put(SERVICE_ITEMS, document);
  },
};
