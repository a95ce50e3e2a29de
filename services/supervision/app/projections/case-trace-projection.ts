import { TraceEntry } from '../../../../generated/onewindow/supervision/v1/trace.ts';
import type { ClockStatus } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import type { AnyPayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';

/** One event of any service about a case, with what it did to the case's clock. */
export interface TraceDocument extends ReadModelDocument {
  readonly caseNumber: string;
  readonly occurredAt: string;
  readonly streamId: string;
  readonly streamVersion: number;
  /** The clock's state this event leaves the case in; unspecified when it does not touch it. */
  readonly clockAfter: ClockStatus;
  readonly entry: unknown;
}

export const TRACE_ENTRIES = 'trace_entries';

/** W3C traceparent: "00-<32 hex trace id>-<16 hex span id>-<flags>". */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** What an event does to the case's clock, read from the case's own events as acceptance records them. */
function clockAfter(payload: AnyPayload): ClockStatus {
  switch (payload.$case) {
    case 'caseSubmitted':
      return 'CLOCK_STATUS_WAITING';
    case 'caseAccepted':
    case 'caseResumed':
      return 'CLOCK_STATUS_RUNNING';
    case 'caseSuspended':
      return 'CLOCK_STATUS_PAUSED';
    case 'caseConcluded':
      return 'CLOCK_STATUS_STOPPED';
    case 'caseWithdrawn':
      return payload.value.wasAccepted ? 'CLOCK_STATUS_STOPPED' : 'CLOCK_STATUS_CLOSED';
    case 'caseRefused':
      return 'CLOCK_STATUS_CLOSED';
    default:
      return 'CLOCK_STATUS_UNSPECIFIED';
  }
}

/**
 * "Trace this case": every event of the four services about a case, from their topics, with its
 * trace and span ids. The clock's state at each step is filled in when read, walking the entries
 * in order.
 */
export const caseTraceProjection: Projection<AnyPayload> = {
  name: 'case-trace',
  collections: [{ name: TRACE_ENTRIES, indexes: [['caseNumber', 'occurredAt']] }],
  async apply(event, tx) {
    if (!event.correlationId) return;
    const [, traceId = '', spanId = ''] = TRACEPARENT.exec(event.traceContext.traceparent) ?? [];
    const entry: TraceEntry = {
      eventId: event.eventId,
      eventType: event.eventType,
      sourceService: event.sourceService,
      occurredAt: event.occurredAt,
      actor: event.actor,
      traceId,
      spanId,
      streamId: event.streamId,
      streamVersion: BigInt(event.version),
      causationId: event.causationId,
      clockStatus: 'CLOCK_STATUS_UNSPECIFIED',
    };
    await tx.put<TraceDocument>(TRACE_ENTRIES, {
      id: event.eventId,
      caseNumber: event.correlationId,
      occurredAt: event.occurredAt,
      streamId: event.streamId,
      streamVersion: event.version,
      clockAfter: clockAfter(event.payload),
      entry: TraceEntry.toJSON(entry),
    });
  },
};
