import type { Payload } from '../events/event-codec.ts';
import { type CallContext, actorOf } from './call-context.ts';
import { requestCausation } from './causation.ts';
import type { CommandHandler, CommandResult, LoadedStream } from './command-handler.ts';
import { requestIdentity } from './request-identity.ts';

/** A command made ready by a use case: where it goes, who it is about, and what it was decided on. */
export interface PreparedCommand<C, P extends Payload, S> {
  readonly streamId: string;
  readonly streamType: string;
  readonly command: C;
  /** The case number, or "" for what is about no case. */
  readonly correlationId: string;
  readonly regionCode: string;
  /** The stream as `prepare` read it (to authorise the caller or build the command): not read again. */
  readonly loaded?: LoadedStream<P, S>;
  /** The cause recorded on the events of a request without a request id (a provider's receipt). */
  readonly causationId?: string;
}

/** The call a command comes from. */
export interface CommandCall {
  readonly caller: CallContext;
  /**
   * The caller's request. Its `requestId`, scoped by method and caller, is the idempotency key; the
   * whole request is fingerprinted, so a request id reused for another request is refused. A
   * request without an id is not deduplicated (the decider must make a repeat harmless).
   */
  readonly request: { readonly requestId?: string };
  /** What the fingerprint is taken over, when not the request itself (a bundle's member case: the bundle's request). */
  readonly fingerprinted?: unknown;
  /** The instant of the command: the one `now` of the events it records. */
  readonly now: Date;
}

/**
 * The two steps of a caller's command that are the use case's own. `authorize` runs first, for a
 * retry too: a retried request is answered only to a caller who may still make it. `prepare`
 * runs only when the request is no retry, so a retry draws no new case number or id.
 */
export interface CommandSteps<A, C, P extends Payload, S> {
  /**
   * Reads what deciding who may act needs (the stream, the item) and checks the caller on it;
   * left out where the access policy's role check is the whole check (an operator's command).
   */
  authorize?(): A | Promise<A>;
  /** Builds the command from what `authorize` read; may draw a case number or an id. */
  prepare(authorized: A): PreparedCommand<C, P, S> | Promise<PreparedCommand<C, P, S>>;
}

/**
 * Runs a caller's command: the one sequence every use case that writes follows.
 * 1. `authorize` reads what the check needs and checks the caller.
 * 2. A retry (the same request id, scoped by method and caller) is answered with the first
 *    result: nothing is prepared, no domain rule is asked again.
 * 3. `prepare` builds the command.
 * 4. The handler decides and appends, with the idempotency key in the same write; a lost race is
 *    decided again (command-handler.ts).
 * The result carries the stream after the write, so the use case answers without reading again.
 */
export async function runCommand<A, C, P extends Payload, S>(
  handler: CommandHandler<C, P, S>,
  call: CommandCall,
  steps: CommandSteps<A, C, P, S>,
): Promise<CommandResult<P, S>> {
  const { caller, request, now } = call;
  const authorized = (await steps.authorize?.()) as A;
  const identity = request.requestId === undefined ? undefined : requestIdentity(caller, request.requestId, call.fingerprinted ?? request);
  if (identity) {
    const earlier = await handler.replay(identity.idempotencyKey, identity.requestFingerprint);
    if (earlier) return earlier;
  }
  const prepared = await steps.prepare(authorized);
  return handler.handle({
    streamId: prepared.streamId,
    streamType: prepared.streamType,
    command: prepared.command,
    context: {
      actor: actorOf(caller),
      correlationId: prepared.correlationId,
      causationId: identity ? requestCausation(identity.idempotencyKey) : (prepared.causationId ?? `request:${caller.method}`),
      regionCode: prepared.regionCode,
      traceContext: caller.traceContext,
    },
    now,
    ...(identity ?? {}),
    ...(prepared.loaded ? { loaded: prepared.loaded } : {}),
  });
}
