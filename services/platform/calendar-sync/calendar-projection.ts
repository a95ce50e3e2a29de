import type { EventBus } from '../bus/event-bus.ts';
import type { CalendarRegistry } from '../calendar/calendar-registry.ts';
import { type CalendarOverride, type HolidayNotice, calendarOverrideFrom, holidayNoticeFrom } from '../calendar/holiday-notice.ts';
import type { Payload } from '../events/event-codec.ts';
import type { Logger } from '../logging/logger.ts';
import type { Topic } from '../messaging/topic.ts';
import { ProjectionRunner } from '../projection/projection-runner.ts';
import type { Projection } from '../projection/projection.ts';
import type { ReadModelDocument, ReadModelReader, ReadModelStore } from '../readmodel/read-model-store.ts';
import type { CalendarEvents } from './calendar-change.ts';

interface CalendarDocument extends ReadModelDocument {
  readonly kind: 'notice' | 'override';
  /** The notice or override as JSON. */
  readonly data: unknown;
}

/** The collection a service's calendar projection keeps the notices and overrides in. */
export const CALENDAR = 'calendar_entries';

/**
 * Keeps a service's calendar registry in step with the calendar events (national notices,
 * jurisdictions' overrides) and stores them, so that a restarted service has them before it
 * decides anything. The service that records them feeds it from its own store; the others from
 * that service's topic (`calendarFollower`).
 */
export function calendarProjection<P extends Payload>(registry: CalendarRegistry, reader: CalendarEvents<P>, name = 'calendar'): Projection<P> {
  const { changeOf, eventTypes } = reader;
  return {
    name,
    eventTypes,
    collections: [{ name: CALENDAR }],
    prepare: (readModels) => loadCalendarView(registry, readModels),
    refresh: reloadWhenChanged(registry),
    async apply(event, tx) {
      const change = changeOf(event.payload);
      if (change?.kind === 'notice') {
        await tx.put<CalendarDocument>(CALENDAR, { id: `notice:${change.notice.year}`, kind: 'notice', data: change.notice });
        registry.loadNotice(change.notice);
      } else if (change?.kind === 'override') {
        const { override } = change;
        await tx.put<CalendarDocument>(CALENDAR, { id: `override:${override.regionCode}:${override.year}`, kind: 'override', data: override });
        registry.setOverride(override);
      }
    },
  };
}

/** Loads every stored notice and override into the registry: at start, and after another replica applied a change. */
export async function loadCalendarView(registry: CalendarRegistry, readModels: ReadModelReader): Promise<void> {
  for (const document of await calendarDocuments(readModels)) load(registry, document);
}

const calendarDocuments = (readModels: ReadModelReader) => readModels.find<CalendarDocument>(CALENDAR, { orderBy: [['id', 'asc']] });

/** Loads the stored notices and overrides again when they changed since the last time (a replica's refresh). */
function reloadWhenChanged(registry: CalendarRegistry): (readModels: ReadModelReader) => Promise<void> {
  let seen = '';
  return async (readModels) => {
    const documents = await calendarDocuments(readModels);
    const fingerprint = JSON.stringify(documents);
    if (fingerprint === seen) return;
    for (const document of documents) load(registry, document);
    seen = fingerprint;
  };
}

function load(registry: CalendarRegistry, document: CalendarDocument): void {
  if (document.kind === 'notice') registry.loadNotice(holidayNoticeFrom(document.data as Partial<HolidayNotice>));
  else registry.setOverride(calendarOverrideFrom(document.data as Partial<CalendarOverride>));
}

/**
 * The calendar projection of a service that does not record calendar events itself: fed from the
 * topic of the service that does, under the consumer group "<service>.calendar".
 */
export function calendarFollower<P extends Payload>(options: {
  readonly service: string;
  readonly registry: CalendarRegistry;
  readonly readModels: ReadModelStore;
  readonly bus: EventBus;
  readonly topic: Topic<P>;
  readonly calendarEvents: CalendarEvents<P>;
  readonly logger: Logger;
}): ProjectionRunner<P> {
  return new ProjectionRunner<P>({
    projection: calendarProjection(options.registry, options.calendarEvents),
    readModels: options.readModels,
    source: { kind: 'bus', bus: options.bus, topics: [options.topic], groupId: `${options.service}.calendar` },
    logger: options.logger,
  });
}
