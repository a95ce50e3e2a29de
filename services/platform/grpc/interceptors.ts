import type * as grpc from '@grpc/grpc-js';
import type { z } from 'zod';
import { DeadlineExceededError, PermissionDeniedError, ValidationError } from '../domain/errors.ts';
import type { TraceContext } from '../events/envelope.ts';
import type { PersonalDataView } from '../privacy/reveal-personal-data.ts';
import type { CallContext } from '../app/call-context.ts';
import type { Caller, Channel, IdentityResolver, Role } from '../security/caller.ts';
import { CHANNEL_METADATA_KEY, channelFromMetadata } from './channel-metadata.ts';
import { type MethodRule, allowedRoles, grantFor } from '../security/access-policy.ts';
import { type ResourceFacts, type Scope, reachOf, refusal } from '../security/resource-scope.ts';
import { rejectSealedValues, validateRequest } from './validate-request.ts';

/** Bytes that are not the method's request message (see RpcServer's deserializer). */
export const MALFORMED = Symbol('malformed request');

/** One call as it passes the interceptors; each interceptor fills in what it establishes. */
export interface CallState {
  readonly path: string;
  readonly metadata: grpc.Metadata;
  readonly request: unknown;
  /** Who may call the method, from the access policy table. */
  readonly rule: MethodRule;
  readonly schema: z.ZodType<unknown> | undefined;
  readonly clientDeadline: grpc.Deadline;
  /** The server's own limit for this call, when it is not the default (long-lived streams). */
  readonly timeLimitMs: number | undefined;
  readonly controller: AbortController;
  /** How sealed personal data in the responses is revealed; masked unless the handler says otherwise. */
  personalDataView: PersonalDataView;
  caller?: Caller;
  role?: Role;
  scope?: Scope;
  /** Whether the handler checked a resource against the scope (see `authorize`). */
  scopeChecked?: boolean;
  channel?: Channel;
  traceContext?: TraceContext;
  deadline?: Date;
}

/** Runs before `next` (the rest of the chain and the handler) and may wrap or replace its result. */
export type CallInterceptor = (call: CallState, next: () => Promise<unknown>) => Promise<unknown>;

/** Runs interceptors in order around the handler. */
export function compose(interceptors: readonly CallInterceptor[], handler: (call: CallState) => Promise<unknown>) {
  return (call: CallState): Promise<unknown> => {
    const step = (index: number): Promise<unknown> => {
      const interceptor = interceptors[index];
      return interceptor ? interceptor(call, () => step(index + 1)) : handler(call);
    };
    return step(0);
  };
}

export function authenticate(identity: IdentityResolver): CallInterceptor {
  return async (call, next) => {
    call.caller = await identity.resolve(firstString(call.metadata, 'authorization'));
    return next();
  };
}

/** After authentication, so that nobody learns anything about a method without a token. */
export const rejectMalformed: CallInterceptor = (call, next) => {
  if (call.request === MALFORMED) throw ValidationError.field('(request)', `must be a valid ${call.path} request message`);
  return next();
};

/**
 * The acting role is the first of the caller's roles the policy table allows for the method; its
 * scope goes with it. A handler of a scoped method that answered without checking its resource
 * against the scope (`context.authorize`) is a bug that would serve anything: INTERNAL, logged.
 */
export const authorize: CallInterceptor = async (call, next) => {
  const grant = grantFor(call.rule, call.caller?.roles ?? []);
  if (!grant) throw new PermissionDeniedError(`${call.path} is open to ${allowedRoles(call.rule).join(', ') || 'no caller'} only`);
  call.role = grant.role;
  call.scope = grant.scope;
  const result = await next();
  if (grant.scope !== 'any' && !call.scopeChecked) throw new Error(`${call.path} answered without checking its resource against the ${grant.scope} scope`);
  return result;
};

/** The channel (`ow-channel`) and W3C trace context (`traceparent`, `tracestate`) of the call. */
export const readCallMetadata: CallInterceptor = (call, next) => {
  call.channel = channelFromMetadata(firstString(call.metadata, CHANNEL_METADATA_KEY));
  call.traceContext = {
    traceparent: firstString(call.metadata, 'traceparent') ?? '',
    tracestate: firstString(call.metadata, 'tracestate') ?? '',
  };
  return next();
};

export const validate: CallInterceptor = (call, next) => {
  rejectSealedValues(call.request);
  if (call.schema) validateRequest(call.schema, call.request);
  return next();
};

/** Ends the call at the earlier of the client's deadline and the server's limit. */
export function enforceDeadline(rpcTimeoutMs: number): CallInterceptor {
  return (call, next) => {
    const deadline = new Date(Math.min(deadlineMs(call.clientDeadline), Date.now() + (call.timeLimitMs ?? rpcTimeoutMs)));
    call.deadline = deadline;
    const { controller } = call;
    const timer = setTimeout(
      () => controller.abort(new DeadlineExceededError('the call did not finish before its deadline')),
      Math.max(0, deadline.getTime() - Date.now()),
    );
    const aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(controller.signal.reason);
      if (controller.signal.aborted) fail();
      else controller.signal.addEventListener('abort', fail, { once: true });
    });
    // `Promise.resolve().then(next)`: even a synchronous throw goes through `finally`.
    return Promise.race([Promise.resolve().then(next), aborted]).finally(() => clearTimeout(timer));
  };
}

/** The handler's view of a call that passed every interceptor. */
export function contextOf(call: CallState, logger: CallContext['logger']): CallContext {
  const { caller, role, scope, channel, traceContext, deadline } = call;
  if (!caller || !role || !scope || !channel || !traceContext || !deadline) throw new Error(`${call.path}: the interceptor chain is incomplete`);
  const reach = (resource: ResourceFacts) => {
    call.scopeChecked = true;
    return reachOf(caller, scope, resource);
  };
  const authorizeResource = (resource: ResourceFacts) => {
    const granted = reach(resource);
    if (!granted) throw new PermissionDeniedError(refusal(scope));
    return granted;
  };
  const showPersonalData = () => {
    call.personalDataView = 'plain';
  };
  return {
    method: call.path, caller, role, scope, channel, traceContext, deadline, signal: call.controller.signal, logger, showPersonalData,
    authorize: authorizeResource,
    mayReach: (resource) => reach(resource) !== undefined,
    reachable: (items, factsOf) => {
      call.scopeChecked = true;
      return items.filter((item) => reachOf(caller, scope, factsOf(item)) !== undefined);
    },
  };
}

function firstString(metadata: grpc.Metadata, key: string): string | undefined {
  const [value] = metadata.get(key);
  return typeof value === 'string' ? value : undefined;
}

function deadlineMs(deadline: grpc.Deadline): number {
  return deadline instanceof Date ? deadline.getTime() : Number.isFinite(deadline) ? deadline : Number.POSITIVE_INFINITY;
}
