import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Decider } from '../../../platform/domain/decider.ts';
import type { AcceptancePayload } from '../../../platform/messaging/topics.ts';

export const serviceItemEventTypes = ['serviceItemPublished'] as const;

/** The events of a catalog item stream ("item-<item code>"): one per published version. */
export type ServiceItemEvent = Extract<AcceptancePayload, { $case: (typeof serviceItemEventTypes)[number] }>;

export const serviceItemStreamId = (itemCode: string) => `item-${itemCode}`;
export const SERVICE_ITEM_STREAM_TYPE = 'service-item';

/** Publishes a new version of an item; the decider numbers versions. */
export interface PublishServiceItem {
  readonly type: 'PublishServiceItem';
  readonly item: Omit<ServiceItem, 'version'>;
}

export interface ServiceItemState {
  readonly versions: readonly ServiceItem[];
}

export const serviceItemDecider: Decider<PublishServiceItem, ServiceItemEvent, ServiceItemState> = {
  initialState: () => ({ versions: [] }),
  evolve: (state, event) => ({ versions: [...state.versions, event.value.item!] }),
  decide: (command, state) => [
    { $case: 'serviceItemPublished', value: { item: { ...command.item, version: state.versions.length + 1 } } },
  ],
};
