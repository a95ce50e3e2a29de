/** A caller's request as the cause of the events it makes (see EventMetadata.causation_id). */
export function requestCausation(idempotencyKey: string): string {
  return `request:${idempotencyKey}`;
}

/** The id of the event of the same case that caused an event, if that is what caused it. */
export function causingEventOfCase(causationId: string): string | undefined {
  return causationId === '' || causationId.includes(':') ? undefined : causationId;
}
