import type { Actor } from '../../../generated/onewindow/common/v1/actor.ts';
import type { TraceContext } from '../../../generated/onewindow/common/v1/event_metadata.ts';

export type { Actor, TraceContext };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An event with its envelope (docs/architecture.md, "Events"). The store assigns stream, version, position and source
 * service; the writer provides the rest. The same shape travels on the bus as the proto
 * onewindow.common.v1.EventMetadata plus the service's payload message.
 */
export interface EventEnvelope<Payload> {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamType: string;
  /** Position in the stream, from 1. */
  readonly version: number;
  /** Position in the owning service's global feed, from 1. */
  readonly position: number;
  readonly eventType: string;
  /** Schema version the payload was stored with (before upcasting). */
  readonly schemaVersion: number;
  /** ISO-8601 instant. */
  readonly occurredAt: string;
  /** The case number, or "" for events about no case. */
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  readonly regionCode: string;
  readonly traceContext: TraceContext;
  readonly sourceService: string;
  readonly payload: Payload;
}

/** What a writer hands the store; the store fills in the rest of the envelope. */
export type NewEvent = Omit<
  EventEnvelope<JsonValue>,
  'streamId' | 'streamType' | 'version' | 'position' | 'sourceService'
>;

/** Envelope fields a command's context supplies for every event it causes. */
export interface EventContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly regionCode: string;
  readonly traceContext: TraceContext;
}

export const noTrace: TraceContext = { traceparent: '', tracestate: '' };

/** The key that keeps one stream's events in order on a partitioned bus. */
export function partitionKeyOf(event: Pick<EventEnvelope<unknown>, 'correlationId' | 'streamId'>): string {
  return event.correlationId || event.streamId;
}
