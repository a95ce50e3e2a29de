import { SupervisionEvent } from '../../../generated/onewindow/supervision/v1/events.ts';
import { createEventCodec, streamCodec } from '../../platform/events/event-codec.ts';
import { orderEventTypes } from '../domain/order/order-decider.ts';
import { ratingEventTypes } from '../domain/rating/rating-events.ts';
import { watchEventTypes } from '../domain/watch/watch-events.ts';

export const supervisionCodec = createEventCodec(SupervisionEvent);
export const watchCodec = streamCodec(supervisionCodec, watchEventTypes);
export const ratingsCodec = streamCodec(supervisionCodec, ratingEventTypes);
export const orderCodec = streamCodec(supervisionCodec, orderEventTypes);
export const policyCodec = streamCodec(supervisionCodec, ['supervisionPolicySet'] as const);
