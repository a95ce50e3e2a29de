import { NATIONAL_REGION_CODE } from '../../platform/codes/region-code.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { Staff } from '../domain/rating/rating-commands.ts';

export const staffOf = (context: CallContext): Staff => ({
  subject: context.caller.subject,
  department: context.caller.department,
  jurisdiction: context.caller.regionCode,
});

/**
 * The region a listing is about: the one asked for, else the caller's jurisdiction (the nation, for
 * a role that reaches everywhere). A listing of a department-scoped role is about its own
 * department (`ownDepartmentOnly`); the policy table's scope decides whether the caller reaches it.
 */
export function regionAsked(context: CallContext, requested: string): string {
  const region = requested || context.caller.regionCode || (context.scope === 'any' ? NATIONAL_REGION_CODE : '');
  context.authorize({ regions: [region], department: context.caller.department });
  return region;
}

/** A role whose scope is its department sees its own department's work only (front and back office). */
export const ownDepartmentOnly = (context: CallContext) => context.scope === 'department';

export function waitFor(view: ReadModelWaiter, token: string, context: CallContext, consistencyWaitMs: number): Promise<void> {
  return view.waitFor(decodeConsistencyToken(token), Math.min(consistencyWaitMs, remainingMs(context)), context.signal);
}
