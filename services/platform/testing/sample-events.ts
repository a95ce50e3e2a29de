import type { NewEvent } from '../events/envelope.ts';

/** Events for store tests: plain JSON payloads with full envelopes. */
export function sampleEvent(eventId: string, payload: Record<string, string | number> = {}): NewEvent {
  return {
    eventId,
    eventType: 'sampleHappened',
    schemaVersion: 1,
    occurredAt: '2026-09-17T02:00:00.000Z',
    correlationId: 'case-1',
    causationId: `request-${eventId}`,
    actor: {
      subject: 'clerk-7',
      role: 'ROLE_CLERK',
      channel: 'CHANNEL_COUNTER',
      hallId: 'hall-1',
      windowId: 'w-3',
      department: '',
      regionCode: '350102',
    },
    regionCode: '350102',
    traceContext: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: '' },
    payload,
  };
}
