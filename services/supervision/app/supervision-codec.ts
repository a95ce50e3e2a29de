import { SupervisionEvent } from '../../../generated/onewindow/supervision/v1/events.ts';
import { createEventCodec, streamCodec } from '../../platform/events/event-codec.ts';
import { clockEventTypes } from '../domain/clock/clock-events.ts';

export const supervisionCodec = createEventCodec(SupervisionEvent);
export const clockCodec = streamCodec(supervisionCodec, clockEventTypes);
