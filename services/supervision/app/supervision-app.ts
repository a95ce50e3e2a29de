import type { SupervisionPolicy } from '../../../generated/onewindow/supervision/v1/watch.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { CalendarRegistry } from '../../platform/calendar/calendar-registry.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import type { EventStore } from '../../platform/store/event-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { IdGenerator } from '../../platform/time/ids.ts';
import type { OrderCommand, OrderEvent, OrderState } from '../domain/order/order-decider.ts';
import type { PolicyEvent, SetPolicy } from '../domain/policy/supervision-policy.ts';
import type { RatingCommand } from '../domain/rating/rating-commands.ts';
import type { RatingEvent } from '../domain/rating/rating-events.ts';
import type { CaseRatings } from '../domain/rating/rating-state.ts';
import type { WatchCommand } from '../domain/watch/watch-commands.ts';
import type { WatchEvent } from '../domain/watch/watch-events.ts';
import type { WatchState } from '../domain/watch/watch-state.ts';
import type { PolicyLookup } from './policy-lookup.ts';

/** What supervision's use cases (commands/, queries/) work with. */
export interface SupervisionApp {
  readonly watches: CommandHandler<WatchCommand, WatchEvent, WatchState>;
  readonly ratings: CommandHandler<RatingCommand, RatingEvent, CaseRatings>;
  readonly orders: CommandHandler<OrderCommand, OrderEvent, OrderState>;
  readonly policies: CommandHandler<SetPolicy, PolicyEvent, SupervisionPolicy | undefined>;
  readonly policyFor: PolicyLookup;
  readonly readModels: ReadModelReader;
  /** For waiting until the views hold everything stored so far (projection/caught-up.ts). */
  readonly store: Pick<EventStore, 'service' | 'headPosition' | 'readAll'>;
  /** Supervision's own views (projections/supervision-views-projection.ts). */
  readonly views: ReadModelWaiter;
  /** The trace, fed by all four services (projections/case-trace-projection.ts). */
  readonly trace: ReadModelWaiter;
  readonly regions: RegionRegistry;
  readonly calendars: CalendarRegistry;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Longest wait of a query for its consistency token (OW_CONSISTENCY_WAIT_MS). */
  readonly consistencyWaitMs: number;
}
