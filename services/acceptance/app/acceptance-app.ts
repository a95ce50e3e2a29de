import type { AnyPayload } from '../../contracts/topics.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { CalendarRegistry } from '../../platform/calendar/calendar-registry.ts';
import type { PersonalDataVault } from '../../platform/privacy/personal-data-vault.ts';
import type { LiveReadModel, ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { IdGenerator } from '../../platform/time/ids.ts';
import type { CalendarCommand, CalendarEvent } from '../domain/administration/calendar-decider.ts';
import type { JurisdictionCommand, JurisdictionEvent } from '../domain/administration/jurisdiction-records.ts';
import type { BundleCommand, BundleEvent, BundleState } from '../domain/bundle/bundle-decider.ts';
import type { CaseCommand } from '../domain/case/case-commands.ts';
import type { CaseEvent } from '../domain/case/case-events.ts';
import type { CaseState } from '../domain/case/case-state.ts';
import type { CaseNumbers } from './case-numbers.ts';
import type { BundleDefinitionCommands, CatalogLookup, ItemCommands } from './catalog-lookup.ts';
import type { HolderIds } from './holder-ids.ts';
import type { DirectoryCommands } from './directory/directory-lookup.ts';

/** What acceptance's use cases (commands/, queries/) work with. */
export interface AcceptanceApp {
  readonly cases: CommandHandler<CaseCommand, CaseEvent, CaseState>;
  readonly items: ItemCommands;
  readonly bundleDefinitions: BundleDefinitionCommands;
  readonly bundles: CommandHandler<BundleCommand, BundleEvent, BundleState>;
  readonly calendar: CommandHandler<CalendarCommand, CalendarEvent, null>;
  readonly jurisdictions: CommandHandler<JurisdictionCommand, JurisdictionEvent, null>;
  /** Departments, halls, windows and staff posts (domain/directory/). */
  readonly directory: DirectoryCommands;
  /** Items and bundle definitions read from their streams (always current). */
  readonly catalog: CatalogLookup;
  readonly readModels: ReadModelReader;
  /** The views queries wait on for a consistency token (app/projections/). */
  readonly views: {
    readonly calendar: ReadModelWaiter;
    readonly catalog: ReadModelWaiter;
    readonly cases: ReadModelWaiter;
    /** Every service's events about a case, as they arrive on the bus: WatchCase follows it live. */
    readonly history: LiveReadModel<AnyPayload>;
    readonly wallet: ReadModelWaiter;
    readonly jurisdiction: ReadModelWaiter;
    readonly directory: ReadModelWaiter;
    readonly bundles: ReadModelWaiter;
  };
  readonly caseNumbers: CaseNumbers;
  readonly holderIds: HolderIds;
  readonly personalData: PersonalDataVault;
  readonly regions: RegionRegistry;
  readonly calendars: CalendarRegistry;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Longest wait of a query for its consistency token (OW_CONSISTENCY_WAIT_MS). */
  readonly consistencyWaitMs: number;
}
