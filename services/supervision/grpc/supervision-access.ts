import { NATIONAL_REGION_CODE, isWithin } from '../../platform/codes/region-code.ts';
import { PermissionDeniedError } from '../../platform/domain/errors.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { Staff } from '../domain/rating/rating-commands.ts';

export const staffOf = (context: CallContext): Staff => ({
  subject: context.caller.subject,
  department: context.caller.department,
  jurisdiction: context.caller.regionCode,
});

/** Whether a region lies in the caller's jurisdiction; operators run the platform and see it all. */
export const covers = (context: CallContext, regionCode: string): boolean =>
  context.role === 'ROLE_OPERATOR' || (Boolean(context.caller.regionCode) && isWithin(regionCode, context.caller.regionCode));

export function assertCovers(context: CallContext, regionCode: string): void {
  if (!covers(context, regionCode)) throw new PermissionDeniedError('it lies outside the caller\'s jurisdiction');
}

/** The region a listing is about: the one asked for, inside the caller's jurisdiction, else the jurisdiction. */
export function regionAsked(context: CallContext, requested: string): string {
  const region = requested || context.caller.regionCode || (context.role === 'ROLE_OPERATOR' ? NATIONAL_REGION_CODE : '');
  if (!region) throw new PermissionDeniedError('the caller has no jurisdiction');
  assertCovers(context, region);
  return region;
}

/** Staff other than supervisors and operators see their own department's work only. */
export const ownDepartmentOnly = (context: CallContext) => context.role === 'ROLE_APPROVER' || context.role === 'ROLE_CLERK';

export function waitFor(view: ReadModelWaiter, token: string, context: CallContext, consistencyWaitMs: number): Promise<void> {
  return view.waitFor(decodeConsistencyToken(token), Math.min(consistencyWaitMs, remainingMs(context)), context.signal);
}
