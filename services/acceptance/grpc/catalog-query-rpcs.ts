import type { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { BundleDefinition, ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { ValidationError } from '../../platform/domain/errors.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import { BUNDLE_DEFINITIONS, type BundleDefinitionDocument, SERVICE_ITEMS, type ServiceItemDocument } from '../app/projections/catalog-projection.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import {
  computeDeadlineSchema,
  getServiceItemSchema,
  getWorkingCalendarSchema,
  listBundlesSchema,
  listRegionsSchema,
  listServiceItemsSchema,
} from './request-schemas.ts';

type CatalogQueries = Pick<
  ServiceImplementation<typeof AcceptanceServiceService>,
  'listServiceItems' | 'getServiceItem' | 'listBundles' | 'listRegions' | 'getWorkingCalendar' | 'computeDeadline'
>;

/** What every channel may look up: the catalog, bundles, regions and working days. */
export function catalogQueryRpcs(deps: AcceptanceRpcDependencies): CatalogQueries {
  const waitFor = (view: ReadModelWaiter, token: string, context: CallContext) =>
    view.waitFor(decodeConsistencyToken(token), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);
  const knownRegion = (field: string, code: string) => {
    if (code && !deps.regions.has(code)) throw ValidationError.field(field, 'must be a region this installation serves');
  };
  return {
    listServiceItems: {
      schema: listServiceItemsSchema,
      async handle(request, context) {
        await waitFor(deps.views.catalog, request.consistencyToken, context);
        const documents = await deps.readModels.find<ServiceItemDocument>(SERVICE_ITEMS, {
          where: {
            retired: false,
            ...(request.regionCode ? { regionCode: { prefix: subtreePrefix(request.regionCode) } } : {}),
            ...(request.level !== 'LEVEL_UNSPECIFIED' ? { handlingLevel: request.level } : {}),
          },
          orderBy: [['name', 'asc']],
        });
        const matching = documents.filter(
          (d) => (!request.keyword || d.name.includes(request.keyword)) && (request.channel === 'CHANNEL_UNSPECIFIED' || d.channels.includes(request.channel)),
        );
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        return {
          items: matching.slice(offset, offset + size).map((d) => ServiceItem.fromJSON(d.item)),
          nextPageToken: nextPageToken(offset, size, matching.length > offset + size),
        };
      },
    },

    getServiceItem: {
      schema: getServiceItemSchema,
      async handle(request) {
        return { item: await deps.catalog.item(request.itemCode, request.version), retired: await deps.catalog.retired(request.itemCode) };
      },
    },

    listBundles: {
      schema: listBundlesSchema,
      async handle(request, context) {
        await waitFor(deps.views.catalog, request.consistencyToken, context);
        const documents = await deps.readModels.find<BundleDefinitionDocument>(BUNDLE_DEFINITIONS, {
          where: request.regionCode ? { regionCode: { prefix: subtreePrefix(request.regionCode) } } : {},
        });
        return { bundles: documents.map((d) => BundleDefinition.fromJSON(d.bundle)) };
      },
    },

    listRegions: {
      schema: listRegionsSchema,
      async handle(request) {
        knownRegion('parent_code', request.parentCode);
        return { regions: deps.regions.children(request.parentCode) };
      },
    },

    getWorkingCalendar: {
      schema: getWorkingCalendarSchema,
      async handle(request, context) {
        await waitFor(deps.views.calendar, request.consistencyToken, context);
        knownRegion('region_code', request.regionCode);
        const calendar = deps.calendars.calendarFor(request.regionCode);
        return { ...calendar.exceptionsIn(request.year), provisional: !calendar.hasNotice(request.year) };
      },
    },

    computeDeadline: {
      schema: computeDeadlineSchema,
      async handle(request, context) {
        await waitFor(deps.views.calendar, request.consistencyToken, context);
        knownRegion('region_code', request.regionCode);
        const due = deps.calendars.calendarFor(request.regionCode).addWorkingDays(request.startDate, request.workingDays);
        return { deadline: { date: due.date, workingDays: request.workingDays, provisional: due.provisional } };
      },
    },
  };
}
