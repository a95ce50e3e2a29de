import { BundleDefinition, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { AcceptancePayload } from '../../../contracts/topics.ts';
import { bundleDefinitionEventTypes } from '../../domain/catalog/bundle-definition-decider.ts';
import { serviceItemEventTypes } from '../../domain/catalog/service-item-decider.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';

/** The current version of each item, with the fields the catalog is searched by. */
export interface ServiceItemDocument extends ReadModelDocument {
  readonly version: number;
  readonly name: string;
  readonly regionCode: string;
  readonly handlingLevel: string;
  readonly channels: readonly string[];
  readonly retired: boolean;
  /** The whole item, as proto3 JSON. */
  readonly item: unknown;
}

/** The current version of each 一件事 bundle. */
export interface BundleDefinitionDocument extends ReadModelDocument {
  readonly regionCode: string;
  readonly bundle: unknown;
}

export const SERVICE_ITEMS = 'service_items';
export const BUNDLE_DEFINITIONS = 'bundle_definitions';

export const catalogProjection: Projection<AcceptancePayload> = {
  name: 'catalog',
  eventTypes: new Set([...serviceItemEventTypes, ...bundleDefinitionEventTypes]),
  collections: [
    { name: SERVICE_ITEMS, indexes: [['regionCode'], ['handlingLevel']] },
    { name: BUNDLE_DEFINITIONS, indexes: [['regionCode']] },
  ],
  async apply(event, tx) {
    const payload = event.payload;
    if (payload.$case === 'serviceItemPublished' && payload.value.item) {
      const item = payload.value.item;
      await tx.put<ServiceItemDocument>(SERVICE_ITEMS, {
        id: item.itemCode,
        version: item.version,
        name: item.name,
        regionCode: item.regionCode,
        handlingLevel: item.handlingLevel,
        channels: item.channels,
        retired: false,
        item: ServiceItem.toJSON(item),
      });
    } else if (payload.$case === 'serviceItemRetired') {
      const existing = await tx.get<ServiceItemDocument>(SERVICE_ITEMS, payload.value.itemCode);
      if (existing) await tx.put<ServiceItemDocument>(SERVICE_ITEMS, { ...existing, retired: true });
    } else if (payload.$case === 'bundlePublished' && payload.value.bundle) {
      const bundle = payload.value.bundle;
      await tx.put<BundleDefinitionDocument>(BUNDLE_DEFINITIONS, { id: bundle.bundleCode, regionCode: bundle.regionCode, bundle: BundleDefinition.toJSON(bundle) });
    }
  },
};
