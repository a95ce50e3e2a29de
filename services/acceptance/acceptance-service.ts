import { CaseStatus } from '../../generated/onewindow/acceptance/v1/case.ts';
import { countsByField, enumValues } from '../platform/telemetry/metrics.ts';
import { AcceptanceServiceService } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { AdministrationServiceService } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { createCommandHandler } from '../platform/app/command-handler.ts';
import { acceptanceCalendarEvents } from '../contracts/calendar-changes.ts';
import { calendarProjection, loadCalendarView } from '../platform/calendar-sync/calendar-projection.ts';
import type { Decider } from '../platform/domain/decider.ts';
import type { EventCodec, Payload } from '../platform/events/event-codec.ts';
import type { HolderIds } from './app/holder-ids.ts';
import { served } from '../platform/grpc/rpc-server.ts';
import { type AcceptancePayload, type AnyPayload, acceptanceTopic, allTopics } from '../contracts/topics.ts';
import { ProjectionRunner } from '../platform/projection/projection-runner.ts';
import type { Projection } from '../platform/projection/projection.ts';
import { assembleService } from '../platform/service/assemble-service.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/service/service-module.ts';
import type { SequenceStore } from '../platform/sequence/sequence-store.ts';
import { calendarDecider } from './domain/administration/calendar-decider.ts';
import { jurisdictionDecider } from './domain/administration/jurisdiction-records.ts';
import { bundleDecider } from './domain/bundle/bundle-decider.ts';
import { caseDecider } from './domain/case/case-decider.ts';
import { bundleDefinitionDecider } from './domain/catalog/bundle-definition-decider.ts';
import { historyOrderDecider } from './domain/history/history-order-decider.ts';
import { serviceItemDecider } from './domain/catalog/service-item-decider.ts';
import { directoryEntryDecider } from './domain/directory/directory-entry-decider.ts';
import { acceptanceRpcs } from './grpc/acceptance-rpcs.ts';
import { administrationRpcs } from './grpc/administration-rpcs.ts';
import type { AcceptanceApp } from './app/acceptance-app.ts';
import {
  acceptanceCodec,
  bundleCodec,
  bundleDefinitionCodec,
  historyOrderCodec,
  calendarCodec,
  caseCodec,
  jurisdictionCodec,
  serviceItemCodec,
  directoryEntryCodec,
} from './app/acceptance-codec.ts';
import { caseNumbers } from './app/case-numbers.ts';
import { catalogLookup } from './app/catalog-lookup.ts';
import { bundleApplicationsProjection } from './app/projections/bundle-applications-projection.ts';
import { caseHistoryProjection } from './app/projections/case-history-projection.ts';
import { CASES, caseViewProjection } from './app/projections/case-view-projection.ts';
import { catalogProjection } from './app/projections/catalog-projection.ts';
import { directoryProjection } from './app/projections/directory-projection.ts';
import { jurisdictionProjection } from './app/projections/jurisdiction-projection.ts';
import { walletProjection } from './app/projections/wallet-projection.ts';
import { closeBundleCases } from './app/reactions/close-bundle-cases.ts';
import { orderCaseHistory } from './app/reactions/order-case-history.ts';
import { followApproval } from './app/reactions/follow-approval.ts';
import { recomputeDeadlines } from './app/reactions/recompute-deadlines.ts';
import { seedCatalog } from './app/seed-catalog.ts';
import { startDeemedAcceptanceSweep } from './app/workers/deemed-acceptance.ts';

export const ACCEPTANCE_PROTO_SERVICE = 'onewindow.acceptance.v1.AcceptanceService';
export const ADMINISTRATION_PROTO_SERVICE = 'onewindow.acceptance.v1.AdministrationService';

export interface AcceptanceSettings {
  readonly sequences: SequenceStore;
  readonly holderIds: HolderIds;
  readonly caseNumberFormat: string;
  /** How often to look for cases to deem accepted (5 working days without a notice). */
  readonly deemedAcceptanceSweepMs: number;
}

export interface AcceptanceModule extends ServiceModule {
  /** Publishes the seed catalog if this installation has never done so; returns entries published. */
  seedCatalog(): Promise<number>;
}

/** The acceptance service (一窗受理) wired from its dependencies. */
export function createAcceptanceService(deps: ServiceDependencies & AcceptanceSettings): AcceptanceModule {
  const logger = deps.logger.child({ service: 'acceptance' });
  const handler = <C, E extends Payload, S>(codec: EventCodec<E>, decider: Decider<C, E, S>) => createCommandHandler({ store: deps.store, codec, decider, ids: deps.ids });
  const cases = handler(caseCodec, caseDecider(deps.calendars));
  const items = handler(serviceItemCodec, serviceItemDecider);
  const bundleDefinitions = handler(bundleDefinitionCodec, bundleDefinitionDecider);
  const directory = handler(directoryEntryCodec, directoryEntryDecider);
  const bundles = handler(bundleCodec, bundleDecider);
  const historyOrders = handler(historyOrderCodec, historyOrderDecider);
  const calendar = handler(calendarCodec, calendarDecider);
  const jurisdictions = handler(jurisdictionCodec, jurisdictionDecider);
  const catalog = catalogLookup(items, bundleDefinitions);

  const fromOwnStore = (projection: Projection<AcceptancePayload>) =>
    new ProjectionRunner<AcceptancePayload>({ projection, readModels: deps.readModels, source: { kind: 'store', store: deps.store, codec: acceptanceCodec }, logger });
  const views = {
    calendar: fromOwnStore(calendarProjection(deps.calendars, acceptanceCalendarEvents)),
    catalog: fromOwnStore(catalogProjection),
    cases: fromOwnStore(caseViewProjection),
    wallet: fromOwnStore(walletProjection),
    jurisdiction: fromOwnStore(jurisdictionProjection),
    directory: fromOwnStore(directoryProjection),
    bundles: fromOwnStore(bundleApplicationsProjection),
    history: new ProjectionRunner<AnyPayload>({
      projection: caseHistoryProjection,
      readModels: deps.readModels,
      source: { kind: 'bus', bus: deps.bus, topics: allTopics, groupId: 'acceptance.case-history' },
      logger,
    }),
  };

  const app: AcceptanceApp = {
    cases, items, bundleDefinitions, bundles, calendar, jurisdictions, catalog, directory,
    readModels: deps.readModels,
    views,
    caseNumbers: caseNumbers(deps.sequences, deps.caseNumberFormat),
    holderIds: deps.holderIds,
    personalData: deps.personalData,
    regions: deps.regions,
    calendars: deps.calendars,
    clock: deps.clock,
    ids: deps.ids,
    consistencyWaitMs: deps.settings.consistencyWaitMs,
  };
  const module = assembleService(deps, {
    name: 'acceptance',
    services: [
      served({ name: ACCEPTANCE_PROTO_SERVICE, definition: AcceptanceServiceService, implementation: acceptanceRpcs(app) }),
      served({ name: ADMINISTRATION_PROTO_SERVICE, definition: AdministrationServiceService, implementation: administrationRpcs(app) }),
    ],
    codec: acceptanceCodec,
    topic: acceptanceTopic,
    projections: Object.values(views),
    workers: [
      {
        name: 'deemed-acceptance',
        start: async () =>
          startDeemedAcceptanceSweep({ cases, catalog, readModels: deps.readModels, calendars: deps.calendars, clock: deps.clock, logger, intervalMs: deps.deemedAcceptanceSweepMs }),
      },
    ],
    reactions: [
      followApproval(cases, catalog, deps.clock),
      closeBundleCases(cases, bundles, deps.clock),
      orderCaseHistory(historyOrders, deps.clock),
      recomputeDeadlines({ cases, readModels: deps.readModels, store: deps.store, calendarView: views.calendar, caseView: views.cases, clock: deps.clock, reloadCalendars: () => loadCalendarView(deps.calendars, deps.readModels) }),
    ],
    gauges: [
      countsByField({
        name: 'onewindow.cases',
        description: 'Cases by state (待受理, 已受理, 已办结...), from the case view.',
        unit: '{case}',
        readModels: deps.readModels,
        collection: CASES,
        field: 'status',
        values: enumValues(CaseStatus),
        label: 'ow.case_status',
      }),
      {
        // DOMAIN.md §2: provisional deadlines are counted in a metric; it falls to 0 once the year's notice is loaded and they are recomputed.
        name: 'onewindow.deadlines.provisional',
        description: 'Cases with a running deadline in a year whose holiday notice is not loaded (provisional until it is), from the case view.',
        unit: '{case}',
        read: async () => [[await deps.readModels.count(CASES, { provisional: true }), {}]],
      },
    ],
    logger,
  });
  return { ...module, seedCatalog: () => seedCatalog({ items, bundles: bundleDefinitions, directory, regions: deps.regions, clock: deps.clock }) };
}
