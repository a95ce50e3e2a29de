import { type Attributes, type Context, type Link, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, context, isSpanContextValid, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { EventEnvelope, TraceContext } from '../events/envelope.ts';

/**
 * Spans of OneWindow's own work: commands, relay publishes, reactions, projections. Each service
 * traces as instrumentation scope "onewindow.<service>", so the four stay apart even in the
 * all-in-one process. Without a started SDK (embedded mode by default) nothing is recorded and
 * the work runs with no span around it (recordSpans).
 *
 * Attributes name the case, never a person: the case number, service item, channel and region
 * code. Request fields, addresses and names are never put on a span.
 */
export const attributeNames = {
  caseNumber: 'ow.case_number',
  itemCode: 'ow.item_code',
  channel: 'ow.channel',
  regionCode: 'ow.region_code',
  eventType: 'ow.event_type',
  eventId: 'ow.event_id',
  streamType: 'ow.stream_type',
  command: 'ow.command',
  projection: 'ow.projection',
  reaction: 'ow.reaction',
} as const;

/**
 * Whether spans are recorded in this thread (an SDK was started: startTelemetry). When not, the
 * functions below skip the API altogether: parsing each event's traceparent, building attributes
 * and no-op spans per event and consumer is work that nobody would see.
 */
let recording = false;

export function recordSpans(on: boolean): void {
  recording = on;
}

export function spansRecorded(): boolean {
  return recording;
}

/** The span handed to work when nothing records: it records nothing and carries no context. */
const idleSpan: Span = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });

export function tracerOf(service: string): Tracer {
  return trace.getTracer(`onewindow.${service}`);
}

// Trace contexts stored in events are W3C traceparent/tracestate whatever propagator the process
// registered, so they are read and written with the W3C propagator itself.
export const w3c = new W3CTraceContextPropagator();
const getter = { get: (carrier: TraceContext, key: string) => (key === 'traceparent' ? carrier.traceparent : key === 'tracestate' ? carrier.tracestate : undefined) || undefined, keys: () => ['traceparent', 'tracestate'] };

/** The context a stored trace context stands for (ROOT when it holds none). */
export function contextFrom(traceContext: TraceContext): Context {
  return traceContext.traceparent ? w3c.extract(ROOT_CONTEXT, traceContext, getter) : ROOT_CONTEXT;
}

/** A link to the span a stored trace context names, if it names one. */
export function linkTo(traceContext: TraceContext, attributes?: Attributes): Link | undefined {
  const spanContext = trace.getSpanContext(contextFrom(traceContext));
  return spanContext && isSpanContextValid(spanContext) ? { context: spanContext, ...(attributes ? { attributes } : {}) } : undefined;
}

/**
 * The W3C trace context of a span, to store in the events written under it; `fallback` (the
 * caller's own, kept as it came) when the span is not recorded, as with tracing off.
 */
export function traceContextOf(span: Span, fallback: TraceContext): TraceContext {
  if (!span.isRecording() || !isSpanContextValid(span.spanContext())) return fallback;
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (c, key, value) => (c[key] = value) });
  return { traceparent: carrier['traceparent'] ?? '', tracestate: carrier['tracestate'] ?? '' };
}

/** Attributes every span about an event carries. */
export function eventAttributes(event: Pick<EventEnvelope<unknown>, 'correlationId' | 'regionCode' | 'eventType' | 'eventId' | 'actor'>): Attributes {
  return {
    [attributeNames.caseNumber]: event.correlationId || undefined,
    [attributeNames.regionCode]: event.regionCode || undefined,
    [attributeNames.channel]: event.actor.channel,
    [attributeNames.eventType]: event.eventType,
    [attributeNames.eventId]: event.eventId,
  };
}

/**
 * Runs `work` in a new active span and ends it: an error sets the span's status (its type only —
 * a message might quote input) and goes on to the caller.
 */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; links?: ReadonlyArray<Link | undefined>; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (!recording) return work(idleSpan);
  const links = (options.links ?? []).filter((link): link is Link => link !== undefined);
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {}, links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs the handling of a consumed event: a CONSUMER span that continues the trace of the span that
 * wrote the event (so a case stays one trace across services and days) and links to it, as the
 * messaging conventions ask of a process span.
 */
export function consumeEvent<T>(service: string, name: string, event: EventEnvelope<unknown>, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  if (!recording) return work(idleSpan);
  return inSpan(
    tracerOf(service),
    name,
    { kind: SpanKind.CONSUMER, attributes: { ...eventAttributes(event), ...attributes }, links: [linkTo(event.traceContext)], parent: contextFrom(event.traceContext) },
    work,
  );
}

export { SpanKind };
