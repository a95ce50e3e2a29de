import { AcceptanceEvent } from '../../../generated/onewindow/acceptance/v1/events.ts';
import { createEventCodec, streamCodec } from '../../platform/events/event-codec.ts';
import { caseEventTypes } from '../domain/case/case-events.ts';
import { serviceItemEventTypes } from '../domain/catalog/service-item-decider.ts';

/** Acceptance's events as stored: proto3 JSON of the AcceptanceEvent payloads, all at schema 1. */
export const acceptanceCodec = createEventCodec(AcceptanceEvent);
export const caseCodec = streamCodec(acceptanceCodec, caseEventTypes);
export const serviceItemCodec = streamCodec(acceptanceCodec, serviceItemEventTypes);
