import type { EventContext } from '../events/envelope.ts';
import { type Reaction, reactionContext, reactionKey } from '../messaging/reaction.ts';
import { type AcceptancePayload, type ServiceName, acceptanceTopic } from '../messaging/topics.ts';
import type { ReadModelWaiter } from '../projection/projection-runner.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Clock } from '../time/clock.ts';

/** Read models must have seen the calendar change before what it touches is looked up. */
const CATCH_UP_MS = 60_000;

/** A change of the working-day calendar, as acceptance records it. */
export type CalendarChange = { readonly kind: 'notice'; readonly year: number } | { readonly kind: 'override'; readonly regionCode: string };

const changeOf = (payload: AcceptancePayload): CalendarChange | undefined => {
  if (payload.$case === 'holidayNoticeLoaded' && payload.value.notice) return { kind: 'notice', year: payload.value.notice.year };
  if (payload.$case === 'calendarOverrideSet' && payload.value.override) return { kind: 'override', regionCode: payload.value.override.regionCode };
  return undefined;
};

/**
 * When acceptance loads a year's holiday notice or a jurisdiction's override, every open stream of
 * a service that the change may touch counts its deadlines again (DOMAIN §2); the service's
 * decider records nothing where nothing moved.
 *
 * Order matters. First the service's calendar must hold the change, so commands decided from then
 * on use it; then the service's own view must hold everything its store has so far, so a stream
 * written on the old calendar a moment earlier is found too.
 */
export function recomputeOnCalendarChange(options: {
  readonly name: string;
  readonly service: ServiceName;
  readonly clock: Clock;
  readonly store: Pick<EventStore, 'headPosition' | 'readAll'>;
  /** The service's calendar projection, fed by acceptance's topic. */
  readonly calendarView: ReadModelWaiter;
  /** The view `affected` reads, fed by the service's own store. */
  readonly ownView: ReadModelWaiter;
  /** The ids (case numbers) of the open streams the change may touch. */
  affected(change: CalendarChange): Promise<readonly string[]>;
  /** Has one of them count its deadlines again. */
  recompute(id: string, reason: string, request: { context: EventContext; now: Date; idempotencyKey: string }): Promise<unknown>;
}): Reaction<AcceptancePayload> {
  const ownViewCaughtUp = async () => {
    const [head] = await options.store.readAll((await options.store.headPosition()) - 1, 1);
    if (head) await options.ownView.waitFor({ service: options.service, streamId: head.streamId, version: head.version }, CATCH_UP_MS);
  };
  return {
    name: options.name,
    topics: [acceptanceTopic],
    async react(event) {
      const change = changeOf(event.payload);
      if (!change) return;
      await options.calendarView.waitFor({ service: 'acceptance', streamId: event.streamId, version: event.version }, CATCH_UP_MS);
      await ownViewCaughtUp();
      const reason = change.kind === 'notice' ? `${change.year} 年节假日安排载入` : `${change.regionCode} 地方工作日调整`;
      for (const id of await options.affected(change)) {
        const { context, now } = reactionContext(options.service, event, options.clock, id);
        await options.recompute(id, reason, { context, now, idempotencyKey: `${reactionKey(options.name, event)}:${id}` });
      }
    },
  };
}
