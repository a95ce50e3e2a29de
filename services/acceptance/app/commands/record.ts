import type { CallContext } from '../../../platform/app/call-context.ts';
import type { CommandHandler, CommandResult, LoadedStream } from '../../../platform/app/command-handler.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import type { Payload } from '../../../platform/events/event-codec.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';

/** An operator's command as its use case prepares it: where it goes and for which region. */
export interface OperatorCommand<C, P, S> {
  readonly streamId: string;
  readonly streamType: string;
  readonly regionCode: string;
  readonly command: C;
  /** The stream, when preparing the command read it. */
  readonly loaded?: LoadedStream<P, S>;
}

/**
 * Runs an operator's command on the catalog, the calendar or a jurisdiction's records: about no
 * case, idempotent under the request id.
 */
export function record<C, P extends Payload, S>(
  app: AcceptanceApp,
  handler: CommandHandler<C, P, S>,
  request: { readonly requestId: string },
  caller: CallContext,
  prepare: NoInfer<() => Promise<OperatorCommand<C, P, S>>>,
): Promise<CommandResult<P, S>> {
  return runCommand(handler, { caller, request, now: app.clock.now() }, { prepare: async () => ({ ...(await prepare()), correlationId: '' }) });
}
