import type { BundleDefinition, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';

/** What a row of a catalog file holds, once read: an item or a bundle. */
export type CatalogRecord = { readonly kind: 'item'; readonly item: Omit<ServiceItem, 'version'> } | { readonly kind: 'bundle'; readonly bundle: Omit<BundleDefinition, 'version'> };
