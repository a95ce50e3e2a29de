import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError, ValidationError } from '../../../platform/domain/errors.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';
import { type ItemLookups, itemViolations } from './item-validation.ts';
import { sameItem } from './same-definition.ts';

export const serviceItemEventTypes = ['serviceItemPublished', 'serviceItemRetired'] as const;

/** The events of a catalog item stream ("item-<item code>"): each published version, retirement. */
export type ServiceItemEvent = Extract<AcceptancePayload, { $case: (typeof serviceItemEventTypes)[number] }>;

export const serviceItemStreamId = (itemCode: string) => `item-${itemCode}`;
export const SERVICE_ITEM_STREAM_TYPE = 'service-item';

/** Publishes an item, or revises it: a new version, which new cases pin; the current version again changes nothing. */
export interface PublishServiceItem {
  readonly type: 'PublishServiceItem';
  readonly item: Omit<ServiceItem, 'version'>;
  readonly known: ItemLookups;
}

export interface RetireServiceItem {
  readonly type: 'RetireServiceItem';
  readonly reason: string;
}

export type ServiceItemCommand = PublishServiceItem | RetireServiceItem;

export interface ServiceItemState {
  readonly versions: readonly ServiceItem[];
  readonly retired: boolean;
}

/** An item of the catalog (事项目录) through its versions. */
export const serviceItemDecider: Decider<ServiceItemCommand, ServiceItemEvent, ServiceItemState> = {
  initialState: () => ({ versions: [], retired: false }),
  evolve(state, event) {
    switch (event.$case) {
      case 'serviceItemPublished':
        return { versions: [...state.versions, event.value.item!], retired: false };
      case 'serviceItemRetired':
        return { ...state, retired: true };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'PublishServiceItem': {
        const violations = itemViolations(command.item, command.known);
        if (violations.length) throw new ValidationError(violations);
        if (!state.retired && sameItem(command.item, state.versions.at(-1))) return [];
        return [{ $case: 'serviceItemPublished', value: { item: { ...command.item, version: state.versions.length + 1 } } }];
      }
      case 'RetireServiceItem': {
        const current = state.versions.at(-1);
        if (!current) throw new FailedPreconditionError('an item that was never published cannot be retired');
        if (state.retired) return [];
        if (!command.reason.trim()) throw ValidationError.field('reason', 'is required');
        return [{ $case: 'serviceItemRetired', value: { itemCode: current.itemCode, version: current.version, reason: command.reason } }];
      }
      default:
        return assertNever(command);
    }
  },
};
