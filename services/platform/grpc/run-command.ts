import type { CommandHandler, CommandResult } from '../app/command-handler.ts';
import { requestCausation } from '../app/causation.ts';
import type { Payload } from '../events/event-codec.ts';
import { type CallContext, actorOf } from './call-context.ts';
import { requestIdentity } from './request-identity.ts';
import { chinaDateOf } from '../time/china-date.ts';
import type { Clock } from '../time/clock.ts';

/** Runs a caller's command on a stream, idempotent under the caller's request id. */
export async function runCommand<C, P extends Payload, S>(
  handler: CommandHandler<C, P, S>,
  clock: Clock,
  options: {
    streamId: string;
    streamType: string;
    /** The case number, or "" for what is about no case. */
    correlationId: string;
    regionCode: string;
    request: { readonly requestId: string };
    context: CallContext;
    command: (today: string, now: Date) => C | Promise<C>;
  },
): Promise<CommandResult<P, S>> {
  const { context } = options;
  const now = clock.now();
  const { idempotencyKey, requestFingerprint } = requestIdentity(context, options.request.requestId, options.request);
  return handler.handle({
    streamId: options.streamId,
    streamType: options.streamType,
    command: await options.command(chinaDateOf(now), now),
    context: {
      actor: actorOf(context),
      correlationId: options.correlationId,
      causationId: requestCausation(idempotencyKey),
      regionCode: options.regionCode,
      traceContext: context.traceContext,
    },
    now,
    idempotencyKey,
    requestFingerprint,
  });
}
