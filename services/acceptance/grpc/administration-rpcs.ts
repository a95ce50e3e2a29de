import type { AdministrationServiceService, LoadRegionEditionRequest } from '../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { AcceptanceApp } from '../app/acceptance-app.ts';
import { eraseDataSubject } from '../app/commands/erase-data-subject.ts';
import { loadHolidayNotice } from '../app/commands/load-holiday-notice.ts';
import { publishBundle } from '../app/commands/publish-bundle.ts';
import { publishServiceItem } from '../app/commands/publish-service-item.ts';
import { recordBadCredit } from '../app/commands/record-bad-credit.ts';
import { retireServiceItem } from '../app/commands/retire-service-item.ts';
import { setCalendarOverride } from '../app/commands/set-calendar-override.ts';
import { setJurisdictionPolicy } from '../app/commands/set-jurisdiction-policy.ts';
import { importCatalog } from '../app/catalog-import/import-catalog.ts';
import { importDirectory } from '../app/directory/import-directory.ts';
import { importRpc } from './import-file/import-rpc.ts';
import { CATALOG_KINDS, DIRECTORY_KINDS, REGION_KINDS } from './import-file/record-kinds.ts';
import { loadRegionEdition } from '../app/regions/load-region-edition.ts';
import {
  eraseDataSubjectSchema,
  loadRegionEditionSchema,
  loadHolidayNoticeSchema,
  publishBundleSchema,
  publishServiceItemSchema,
  recordBadCreditSchema,
  retireServiceItemSchema,
  setCalendarOverrideSchema,
  setJurisdictionPolicySchema,
} from './request-schemas.ts';

/**
 * Operators maintain the catalog, the calendar and jurisdictions' records (every change an event):
 * each RPC validated by its schema and mapped to its use case in app/.
 */
export function administrationRpcs(app: AcceptanceApp): ServiceImplementation<typeof AdministrationServiceService> {
  return {
    publishServiceItem: { schema: publishServiceItemSchema, handle: (request, caller) => publishServiceItem(app, request, caller) },
    retireServiceItem: { schema: retireServiceItemSchema, handle: (request, caller) => retireServiceItem(app, request, caller) },
    importCatalog: importRpc(CATALOG_KINDS, (options, rows, caller, progress) => importCatalog(app, options, rows, caller, progress)),
    importDirectory: importRpc(DIRECTORY_KINDS, (options, rows, caller, progress) => importDirectory(app, options, rows, caller, progress)),
    loadRegionEdition: importRpc(
      REGION_KINDS,
      (options, rows, caller, progress, first: LoadRegionEditionRequest) => loadRegionEdition(app, options, { edition: first.edition, inForceFrom: first.inForceFrom }, rows, caller, progress),
      loadRegionEditionSchema,
    ),
    publishBundle: { schema: publishBundleSchema, handle: (request, caller) => publishBundle(app, request, caller) },
    loadHolidayNotice: { schema: loadHolidayNoticeSchema, handle: (request, caller) => loadHolidayNotice(app, request, caller) },
    setCalendarOverride: { schema: setCalendarOverrideSchema, handle: (request, caller) => setCalendarOverride(app, request, caller) },
    setJurisdictionPolicy: { schema: setJurisdictionPolicySchema, handle: (request, caller) => setJurisdictionPolicy(app, request, caller) },
    recordBadCredit: { schema: recordBadCreditSchema, handle: (request, caller) => recordBadCredit(app, request, caller) },
    eraseDataSubject: { schema: eraseDataSubjectSchema, handle: (request, caller) => eraseDataSubject(app, request, caller) },
  };
}
