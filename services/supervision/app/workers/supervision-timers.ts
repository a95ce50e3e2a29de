import { setTimeout as delay } from 'node:timers/promises';
import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import { systemContext } from '../../../platform/app/causation.ts';
import type { EventContext } from '../../../platform/events/envelope.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { ReadModelReader } from '../../../platform/readmodel/read-model-store.ts';
import type { Stoppable } from '../../../platform/async/background-work.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import type { RatedCase, RatingCommand } from '../../domain/rating/rating-commands.ts';
import { RATINGS_STREAM_TYPE, type RatingEvent, ratingsStreamId } from '../../domain/rating/rating-events.ts';
import type { CaseRatings } from '../../domain/rating/rating-state.ts';
import type { WatchCommand } from '../../domain/watch/watch-commands.ts';
import { WATCH_STREAM_TYPE, type WatchEvent, watchStreamId } from '../../domain/watch/watch-events.ts';
import type { WatchState } from '../../domain/watch/watch-state.ts';
import { ratedCaseOf } from '../rated-case.ts';
import { WATCHES, type WatchDocument } from '../projections/supervision-documents.ts';

const contextFor = (caseNumber: string, regionCode: string, what: string): EventContext =>
  systemContext('supervision', { correlationId: caseNumber, regionCode, request: `${what}:${caseNumber}` });

/**
 * Supervision's durable timers. The due dates live in the watches' read model (from the events),
 * not in memory, so a restart loses none; each round raises what fell due since, and the deciders
 * raise every alert, and send every invitation, once however often a round finds it.
 */
export function startSupervisionTimers(options: {
  watches: CommandHandler<WatchCommand, WatchEvent, WatchState>;
  ratings: CommandHandler<RatingCommand, RatingEvent, CaseRatings>;
  readModels: ReadModelReader;
  clock: Clock;
  logger: Logger;
  intervalMs: number;
  /**
   * Whether supervision has read acceptance's events up to now. After a restart the first round
   * waits for it (at most a minute), so that it does not raise alerts for cases that concluded
   * while it was down; an alert raised for a day after a conclusion is voided anyway.
   */
  caughtUp: () => Promise<boolean>;
}): Stoppable {
  const raiseAlerts = async (sweep: Date) => {
    const due = await options.readModels.find<WatchDocument>(WATCHES, { where: { status: { in: ['running', 'paused', 'stopped'] }, nextAlertOn: { gt: '', lte: chinaDateOf(sweep) } } });
    for (const watch of due) {
      const now = options.clock.now();
      await options.watches.handle({
        streamId: watchStreamId(watch.id),
        streamType: WATCH_STREAM_TYPE,
        // The sweep's instant: every case of a round is checked as of the same day.
        command: { type: 'CheckAlerts', now: sweep },
        context: contextFor(watch.id, watch.handlingRegionCode, 'alert-sweep'),
        now,
      });
    }
  };
  const inviteRatings = async (sweep: Date) => {
    const due = await options.readModels.find<WatchDocument>(WATCHES, {
      where: { status: 'stopped', ratingInvitationDueOn: { gt: '', lte: chinaDateOf(sweep) }, onlineRated: false, invited: false },
    });
    for (const watch of due) {
      const { state } = await options.watches.load(watchStreamId(watch.id));
      const ratedCase: RatedCase | undefined = ratedCaseOf(state);
      if (!ratedCase) continue;
      const now = options.clock.now();
      await options.ratings.handle({
        streamId: ratingsStreamId(watch.id),
        streamType: RATINGS_STREAM_TYPE,
        command: { type: 'InviteRating', ratedCase, now: sweep },
        context: contextFor(watch.id, watch.handlingRegionCode, 'rating-invitation'),
        now,
      });
    }
  };
  const round = async () => {
    const sweep = options.clock.now();
    await raiseAlerts(sweep);
    await inviteRatings(sweep);
  };
  const stopping = new AbortController();
  const caughtUpFirst = async () => {
    for (let waited = 0; waited < 60_000 && !stopping.signal.aborted && !(await options.caughtUp()); waited += 100) {
      await delay(100, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  };
  let running: Promise<void> = caughtUpFirst();
  const tick = () => {
    running = running.then(round).catch((error: unknown) => options.logger.error({ err: error }, 'supervision timers failed; the next round retries'));
  };
  tick();
  // Said once, so operators (and tests) know the timers caught up with what fell due while down.
  void running.then(() => options.logger.info({ intervalMs: options.intervalMs }, 'supervision timers: first round done'));
  const timer = setInterval(tick, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
