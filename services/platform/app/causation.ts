import { type EventContext, noTrace } from '../events/envelope.ts';

/** A caller's request as the cause of the events it makes (see EventMetadata.causation_id). */
export function requestCausation(idempotencyKey: string): string {
  return `request:${idempotencyKey}`;
}

/** The id of the event of the same case that caused an event, if that is what caused it. */
export function causingEventOfCase(causationId: string): string | undefined {
  return causationId === '' || causationId.includes(':') ? undefined : causationId;
}

/**
 * The context of events a service writes on its own initiative (a timer, a sweep, a seed): acted by
 * "system:<service>", caused by the named request ("request:<what>").
 */
export function systemContext(service: string, options: { correlationId: string; regionCode: string; request: string }): EventContext {
  return {
    actor: { subject: `system:${service}`, role: 'ROLE_SYSTEM', channel: 'CHANNEL_UNSPECIFIED', hallId: '', windowId: '', department: '', regionCode: options.regionCode },
    correlationId: options.correlationId,
    causationId: requestCausation(options.request),
    regionCode: options.regionCode,
    traceContext: noTrace,
  };
}
