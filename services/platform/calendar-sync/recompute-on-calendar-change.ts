import type { Payload } from '../events/event-codec.ts';
import type { EventContext } from '../events/envelope.ts';
import { type Reaction, reactionContext, reactionKey } from '../messaging/reaction.ts';
import type { Topic } from '../messaging/topic.ts';
import { caughtUpWithStore } from '../projection/caught-up.ts';
import type { ReadModelWaiter } from '../projection/projection-runner.ts';
import { REFRESH_MS } from '../projection/refresh-while-shared.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Clock } from '../time/clock.ts';
import { type CalendarChange, type CalendarEvents, describeCalendarChange } from './calendar-change.ts';

/** Read models must have seen the calendar change before what it touches is looked up. */
const CATCH_UP_MS = 60_000;

/**
 * When a year's holiday notice or a jurisdiction's override is recorded, every open stream of a
 * service that the change may touch counts its deadlines again (a year without a notice is only
 * provisional: docs/architecture.md, "Working days"); the service's decider records nothing where
 * nothing moved.
 *
 * Order matters. First the service's calendar must hold the change, so commands decided from then
 * on use it (reloaded from the calendar view: on a shared store another replica may have applied it); then the service's own view must hold everything its store has so far, so a stream
 * written on the old calendar a moment earlier is found too.
 */
export function recomputeOnCalendarChange<P extends Payload>(options: {
  readonly name: string;
  readonly service: string;
  readonly clock: Clock;
  /** The topic calendar changes are recorded on, and how to read one out of its events. */
  readonly topic: Topic<P>;
  readonly calendarEvents: CalendarEvents<P>;
  readonly store: Pick<EventStore, 'service' | 'headPosition' | 'readAll'>;
  /** The service's calendar projection (shared: other replicas apply to the same read model). */
  readonly calendarView: ReadModelWaiter & { readonly shared: boolean };
  /** Loads the stored calendars into the service's registry (another replica may have applied the change). */
  reloadCalendars(): Promise<void>;
  /** The view `affected` reads, fed by the service's own store. */
  readonly ownView: ReadModelWaiter;
  /** The ids (case numbers) of the open streams the change may touch. */
  affected(change: CalendarChange): Promise<readonly string[]>;
  /** Has one of them count its deadlines again. */
  recompute(id: string, reason: string, request: { context: EventContext; now: Date; idempotencyKey: string }): Promise<unknown>;
}): Reaction<P> {
  return {
    name: options.name,
    topics: [options.topic],
    eventTypes: options.calendarEvents.eventTypes,
    async react(event) {
      const change = options.calendarEvents.changeOf(event.payload);
      if (!change) return;
      await options.calendarView.waitFor({ service: options.topic.service, streamId: event.streamId, version: event.version }, CATCH_UP_MS);
      await options.reloadCalendars();
      const reason = describeCalendarChange(change);
      const recomputeAffected = async () => {
        await caughtUpWithStore(options.ownView, options.store, CATCH_UP_MS);
        for (const id of await options.affected(change)) {
          const { context, now } = reactionContext(options.service, event, options.clock, id);
          await options.recompute(id, reason, { context, now, idempotencyKey: `${reactionKey(options.name, event)}:${id}` });
        }
      };
      await recomputeAffected();
      // Replicas reload the calendar within REFRESH_MS of the change (refresh-while-shared.ts):
      // a stream another one wrote in that moment, on the old calendar, is found by a second pass.
      // Streams done in the first pass are replays of their idempotency key: nothing twice.
      if (options.calendarView.shared) {
        await new Promise((resolve) => setTimeout(resolve, 2 * REFRESH_MS));
        await recomputeAffected();
      }
    },
  };
}
