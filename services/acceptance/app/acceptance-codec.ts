import { AcceptanceEvent } from '../../../generated/onewindow/acceptance/v1/events.ts';
import { createEventCodec, streamCodec } from '../../platform/events/event-codec.ts';
import { calendarEventTypes } from '../domain/administration/calendar-decider.ts';
import { jurisdictionEventTypes } from '../domain/administration/jurisdiction-records.ts';
import { bundleEventTypes } from '../domain/bundle/bundle-decider.ts';
import { caseEventTypes } from '../domain/case/case-events.ts';
import { historyOrderEventTypes } from '../domain/history/history-order-decider.ts';
import { bundleDefinitionEventTypes } from '../domain/catalog/bundle-definition-decider.ts';
import { serviceItemEventTypes } from '../domain/catalog/service-item-decider.ts';
import { directoryEntryEventTypes } from '../domain/directory/directory-entry-decider.ts';

/** Acceptance's events as stored: proto3 JSON of the AcceptanceEvent payloads, all at schema 1. */
export const acceptanceCodec = createEventCodec(AcceptanceEvent);
export const caseCodec = streamCodec(acceptanceCodec, caseEventTypes);
export const serviceItemCodec = streamCodec(acceptanceCodec, serviceItemEventTypes);
export const bundleDefinitionCodec = streamCodec(acceptanceCodec, bundleDefinitionEventTypes);
export const bundleCodec = streamCodec(acceptanceCodec, bundleEventTypes);
export const calendarCodec = streamCodec(acceptanceCodec, calendarEventTypes);
export const jurisdictionCodec = streamCodec(acceptanceCodec, jurisdictionEventTypes);
export const historyOrderCodec = streamCodec(acceptanceCodec, historyOrderEventTypes);
export const directoryEntryCodec = streamCodec(acceptanceCodec, directoryEntryEventTypes);
