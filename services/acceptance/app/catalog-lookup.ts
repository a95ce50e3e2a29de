import type { BundleDefinition, ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import { FailedPreconditionError, NotFoundError } from '../../platform/domain/errors.ts';
import {
  type BundleDefinitionEvent,
  type BundleDefinitionState,
  type PublishBundle,
  bundleDefinitionStreamId,
} from '../domain/catalog/bundle-definition-decider.ts';
import {
  type ServiceItemCommand,
  type ServiceItemEvent,
  type ServiceItemState,
  serviceItemStreamId,
} from '../domain/catalog/service-item-decider.ts';

export type ItemCommands = CommandHandler<ServiceItemCommand, ServiceItemEvent, ServiceItemState>;
export type BundleDefinitionCommands = CommandHandler<PublishBundle, BundleDefinitionEvent, BundleDefinitionState>;

/**
 * Items and bundles as commands need them: read from their streams, so always current (the
 * catalog read model may lag). A case pins its item's version; new applications get the latest
 * one that is not retired.
 */
export function catalogLookup(items: ItemCommands, bundles: BundleDefinitionCommands) {
  return {
    async item(itemCode: string, version = 0): Promise<ServiceItem> {
      return itemVersion((await items.load(serviceItemStreamId(itemCode))).state, itemCode, version);
    },
    async retired(itemCode: string): Promise<boolean> {
      return (await items.load(serviceItemStreamId(itemCode))).state.retired;
    },
    /** The item's current version, for a new application: a retired item takes none. */
    async offeredItem(itemCode: string): Promise<ServiceItem> {
      const { state } = await items.load(serviceItemStreamId(itemCode));
      const item = state.versions.at(-1);
      if (!item) throw new NotFoundError(`service item ${itemCode} does not exist`);
      if (state.retired) throw new FailedPreconditionError(`service item ${itemCode} was retired and can no longer be applied for`);
      return item;
    },
    async bundle(bundleCode: string): Promise<BundleDefinition> {
      const bundle = (await bundles.load(bundleDefinitionStreamId(bundleCode))).state.versions.at(-1);
      if (!bundle) throw new NotFoundError(`bundle ${bundleCode} does not exist`);
      return bundle;
    },
  };
}

export type CatalogLookup = ReturnType<typeof catalogLookup>;

/** An item at a version (0: the latest), from its stream's state. */
export function itemVersion(state: ServiceItemState, itemCode: string, version = 0): ServiceItem {
  const item = version === 0 ? state.versions.at(-1) : state.versions[version - 1];
  if (!item) throw new NotFoundError(`service item ${itemCode}${version ? ` version ${version}` : ''} does not exist`);
  return item;
}
