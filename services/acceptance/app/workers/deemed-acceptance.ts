import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { systemContext } from '../../../platform/app/causation.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { ReadModelReader } from '../../../platform/readmodel/read-model-store.ts';
import type { Stoppable } from '../../../platform/async/background-work.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { Clock } from '../../../platform/time/clock.ts';
import { SUPPLEMENT_NOTICE_WORKING_DAYS } from '../../domain/case/case-acceptance.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';
import type { CatalogLookup } from '../catalog-lookup.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';

/**
 * 视为受理: a case nobody accepted, refused or sent a one-time notice for within 5 working days of
 * receipt counts as accepted on the receipt date (行政许可法 Art. 32). The sweep looks for such
 * cases periodically; the decider decides again, so a sweep that races a clerk changes nothing.
 * Its idempotency key is per case, so a sweep repeated after a crash writes nothing twice.
 */
export function startDeemedAcceptanceSweep(options: {
  cases: CommandHandler<CaseCommand, CaseEvent, CaseState>;
  catalog: CatalogLookup;
  readModels: ReadModelReader;
  calendars: CalendarRegistry;
  clock: Clock;
  logger: Logger;
  intervalMs: number;
}): Stoppable {
  const sweep = async () => {
    const today = chinaDateOf(options.clock.now());
    const waiting = await options.readModels.find<CaseDocument>(CASES, { where: { status: 'CASE_STATUS_SUBMITTED' } });
    for (const candidate of waiting) {
      const lastDay = options.calendars.calendarFor(candidate.handlingRegionCode).addWorkingDays(candidate.receivedOn, SUPPLEMENT_NOTICE_WORKING_DAYS).date;
      if (today <= lastDay) continue;
      const now = options.clock.now();
      await options.cases.handle({
        streamId: caseStreamId(candidate.id),
        streamType: CASE_STREAM_TYPE,
        command: { type: 'DeemAcceptance', item: await options.catalog.item(candidate.itemCode, candidate.itemVersion), now },
        context: systemContext('acceptance', { correlationId: candidate.id, regionCode: candidate.handlingRegionCode, request: `deemed-acceptance:${candidate.id}` }),
        now,
        idempotencyKey: `deemed-acceptance:${candidate.id}`,
      });
    }
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(sweep).catch((error: unknown) => options.logger.error({ err: error }, 'deemed-acceptance sweep failed; next round retries'));
  }, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
