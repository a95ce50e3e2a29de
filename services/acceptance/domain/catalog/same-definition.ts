import { BundleDefinition, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { sameVersion } from '../../../platform/domain/same-version.ts';

/** Whether an item or bundle definition says what its recorded version says (see sameVersion). */
export const sameItem = (draft: Omit<ServiceItem, 'version'>, recorded: ServiceItem | undefined) => sameVersion(ServiceItem, draft, recorded);
export const sameBundle = (draft: Omit<BundleDefinition, 'version'>, recorded: BundleDefinition | undefined) => sameVersion(BundleDefinition, draft, recorded);
