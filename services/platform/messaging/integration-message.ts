import type { EventMetadata } from '../../../generated/onewindow/common/v1/event_metadata.ts';
import type { BusMessage, DeliveredMessage } from '../bus/event-bus.ts';
import type { EventCodec, Payload } from '../events/event-codec.ts';
import { type EventEnvelope, partitionKeyOf } from '../events/envelope.ts';
import type { StoredEvent } from '../store/event-store.ts';
import type { Topic } from './topic.ts';

/** Headers on every integration message, so brokers' tools and tracers see them without decoding. */
export const messageHeaders = {
  eventId: 'ow-event-id',
  eventType: 'ow-event-type',
  sourceService: 'ow-source-service',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Decoded events by codec and stored event: a stored event the store hands several followers is decoded once. */
const decodedByCodec = new WeakMap<object, WeakMap<StoredEvent, EventEnvelope<Payload>>>();

/**
 * A stored event with its payload decoded (and upcast) by the service's codec. The same stored
 * object gives the same decoded object, which nobody may change.
 */
export function decodeStored<P extends Payload>(codec: EventCodec<P>, stored: StoredEvent): EventEnvelope<P> {
  let decoded = decodedByCodec.get(codec);
  if (!decoded) decodedByCodec.set(codec, (decoded = new WeakMap()));
  let event = decoded.get(stored) as EventEnvelope<P> | undefined;
  if (!event) {
    event = { ...stored, payload: codec.decode({ eventType: stored.eventType, schemaVersion: stored.schemaVersion, data: stored.payload }) };
    decoded.set(stored, event);
  }
  return event;
}

export function toBusMessage<P extends Payload>(topic: Topic<P>, event: EventEnvelope<P>): BusMessage {
  const value = topic.wrapper.encode({ metadata: toMetadata(event), payload: event.payload }).finish();
  const headers: Record<string, string> = {
    [messageHeaders.eventId]: event.eventId,
    [messageHeaders.eventType]: event.eventType,
    [messageHeaders.sourceService]: event.sourceService,
    [messageHeaders.contentType]: `application/x-protobuf; messageType=${topic.messageType}`,
  };
  if (event.traceContext.traceparent) headers[messageHeaders.traceparent] = event.traceContext.traceparent;
  if (event.traceContext.tracestate) headers[messageHeaders.tracestate] = event.traceContext.tracestate;
  return { key: partitionKeyOf(event), value, headers };
}

/** Decoded messages: a message the bus hands several consumer groups of a thread is decoded once. */
const decodedMessages = new WeakMap<DeliveredMessage, EventEnvelope<Payload>>();

/** A message's event, decoded with its topic's wrapper; the same message object gives the same, unchangeable, event. */
export function fromBusMessage<P extends Payload>(topic: Topic<P>, message: DeliveredMessage): EventEnvelope<P> {
  const known = decodedMessages.get(message);
  if (known) return known as EventEnvelope<P>;
  const { metadata, payload } = topic.wrapper.decode(message.value);
  if (!metadata || !payload) throw new Error(`message at ${message.topic}/${message.partition}/${message.offset} has no metadata or payload`);
  const event = { ...fromMetadata(metadata), payload };
  decodedMessages.set(message, event);
  return event;
}

function toMetadata(event: EventEnvelope<unknown>): EventMetadata {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    streamType: event.streamType,
    version: BigInt(event.version),
    position: BigInt(event.position),
    eventType: event.eventType,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    causationId: event.causationId,
    actor: event.actor,
    regionCode: event.regionCode,
    traceContext: event.traceContext,
    sourceService: event.sourceService,
  };
}

function fromMetadata(metadata: EventMetadata): Omit<EventEnvelope<never>, 'payload'> {
  if (!metadata.actor || !metadata.occurredAt) throw new Error(`event ${metadata.eventId} lacks actor or time`);
  return {
    eventId: metadata.eventId,
    streamId: metadata.streamId,
    streamType: metadata.streamType,
    version: Number(metadata.version),
    position: Number(metadata.position),
    eventType: metadata.eventType,
    schemaVersion: metadata.schemaVersion,
    occurredAt: metadata.occurredAt,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actor: metadata.actor,
    regionCode: metadata.regionCode,
    traceContext: metadata.traceContext ?? { traceparent: '', tracestate: '' },
    sourceService: metadata.sourceService,
  };
}
