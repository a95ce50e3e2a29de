import type { Actor } from '../../../generated/onewindow/common/v1/actor.ts';
import type { TraceContext } from '../events/envelope.ts';
import type { Logger } from '../logging/logger.ts';
import type { Reach, ResourceFacts, Scope } from '../security/resource-scope.ts';
import type { Caller, Channel, Role } from '../security/caller.ts';

/** What a handler knows about the call it serves. */
export interface CallContext {
  readonly method: string;
  readonly caller: Caller;
  /** The role the caller acts in for this method: the first of its roles the policy table allows. */
  readonly role: Role;
  /** How far that role reaches in this method (services/contracts/access-policy.ts). */
  readonly scope: Scope;
  /** The channel named in the `ow-channel` metadata; CHANNEL_UNSPECIFIED when absent. */
  readonly channel: Channel;
  readonly traceContext: TraceContext;
  /** The earlier of the client's deadline and the server's limit. */
  readonly deadline: Date;
  /** Aborts when the client cancels, the deadline passes or the server shuts down. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /**
   * The caller may see the personal data in this call's responses in full (they are its subject,
   * or staff who work with it); otherwise the server masks it.
   */
  showPersonalData(): void;
  /**
   * The one resource check: throws PermissionDeniedError unless the resource, described by its
   * facts, lies within the caller's scope; says how the caller reaches it. A handler of a scoped
   * method must call this (or `mayReach`, or `reachable`) before it answers.
   */
  authorize(resource: ResourceFacts): Reach;
  /** The same check as a question. */
  mayReach(resource: ResourceFacts): boolean;
  /** A listing filtered by the same check: what the caller may not see is left out. */
  reachable<T>(items: readonly T[], factsOf: (item: T) => ResourceFacts): T[];
}

/** The actor recorded on events a call causes. */
export function actorOf(context: CallContext): Actor {
  return {
    subject: context.caller.subject,
    role: context.role,
    channel: context.channel,
    hallId: context.caller.hallId,
    windowId: context.caller.windowId,
    department: context.caller.department,
    regionCode: context.caller.regionCode,
  };
}

/** Milliseconds left before the call's deadline. */
export function remainingMs(context: Pick<CallContext, 'deadline'>): number {
  return Math.max(0, context.deadline.getTime() - Date.now());
}
