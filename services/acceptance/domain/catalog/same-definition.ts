import { isDeepStrictEqual } from 'node:util';
import { BundleDefinition, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';

/**
 * Whether a definition says what a recorded version says, its version number aside: publishing or
 * importing it again then records nothing. Both are put in the messages' full form first, so a
 * field left out and a field set to its default compare equal, as they travel on the wire.
 */
export function sameItem(draft: Omit<ServiceItem, 'version'>, recorded: ServiceItem | undefined): boolean {
  return recorded !== undefined && isDeepStrictEqual(ServiceItem.fromPartial({ ...draft, version: 0 }), ServiceItem.fromPartial({ ...recorded, version: 0 }));
}

export function sameBundle(draft: Omit<BundleDefinition, 'version'>, recorded: BundleDefinition | undefined): boolean {
  return recorded !== undefined && isDeepStrictEqual(BundleDefinition.fromPartial({ ...draft, version: 0 }), BundleDefinition.fromPartial({ ...recorded, version: 0 }));
}
