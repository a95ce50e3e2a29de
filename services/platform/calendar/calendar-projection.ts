import type { Logger } from '../logging/logger.ts';
import { type AcceptancePayload, type ServiceName, acceptanceTopic } from '../messaging/topics.ts';
import { ProjectionRunner } from '../projection/projection-runner.ts';
import type { ServiceDependencies } from '../runtime/service-module.ts';
import type { Projection } from '../projection/projection.ts';
import type { ReadModelDocument } from '../readmodel/read-model-store.ts';
import { HolidayNotice, CalendarOverride } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { CalendarRegistry } from './calendar-registry.ts';

interface CalendarDocument extends ReadModelDocument {
  readonly kind: 'notice' | 'override';
  /** Proto3 JSON of the notice or override. */
  readonly data: unknown;
}

const CALENDAR = 'calendar_entries';

/**
 * Keeps a service's calendar registry in step with acceptance's calendar events (national notices,
 * jurisdictions' overrides) and stores them, so that a restarted service has them before it
 * decides anything. Acceptance feeds it from its own store; the other services from its topic.
 */
export function calendarProjection(registry: CalendarRegistry, name = 'calendar'): Projection<AcceptancePayload> {
  return {
    name,
    collections: [{ name: CALENDAR }],
    async prepare(readModels) {
      const documents = await readModels.find<CalendarDocument>(CALENDAR, { orderBy: [['id', 'asc']] });
      for (const document of documents) {
        if (document.kind === 'notice') registry.loadNotice(HolidayNotice.fromJSON(document.data));
        else registry.setOverride(CalendarOverride.fromJSON(document.data));
      }
    },
    async apply(event, tx) {
      const payload = event.payload;
      if (payload.$case === 'holidayNoticeLoaded' && payload.value.notice) {
        const notice = payload.value.notice;
        await tx.put<CalendarDocument>(CALENDAR, { id: `notice:${notice.year}`, kind: 'notice', data: HolidayNotice.toJSON(notice) });
        registry.loadNotice(notice);
      } else if (payload.$case === 'calendarOverrideSet' && payload.value.override) {
        const override = payload.value.override;
        await tx.put<CalendarDocument>(CALENDAR, { id: `override:${override.regionCode}:${override.year}`, kind: 'override', data: CalendarOverride.toJSON(override) });
        registry.setOverride(override);
      }
    },
  };
}

/**
 * A service's calendar follower when the service is not acceptance: the calendar projection fed
 * from acceptance's topic, under the consumer group "<service>.calendar".
 */
export function followAcceptanceCalendar(deps: ServiceDependencies, service: ServiceName, logger: Logger): ProjectionRunner<AcceptancePayload> {
  return new ProjectionRunner<AcceptancePayload>({
    projection: calendarProjection(deps.calendars),
    readModels: deps.readModels,
    source: { kind: 'bus', bus: deps.bus, topics: [acceptanceTopic], groupId: `${service}.calendar` },
    logger,
  });
}
