import { NATIONAL_REGION_CODE } from '../../platform/codes/region-code.ts';
import type { CallContext } from '../../platform/app/call-context.ts';
import type { Staff } from '../domain/rating/rating-commands.ts';

/** The caller as the staff member a supervision command records. */
export const staffOf = (caller: CallContext): Staff => ({
  subject: caller.caller.subject,
  department: caller.caller.department,
  jurisdiction: caller.caller.regionCode,
});

/**
 * The region a listing is about: the one asked for, else the caller's jurisdiction (the nation, for
 * a role that reaches everywhere). A listing of a department-scoped role is about its own
 * department (`ownDepartmentOnly`); the policy table's scope decides whether the caller reaches it.
 */
export function regionAsked(caller: CallContext, requested: string): string {
  const region = requested || caller.caller.regionCode || (caller.scope === 'any' ? NATIONAL_REGION_CODE : '');
  caller.authorize({ regions: [region], department: caller.caller.department });
  return region;
}

/** A role whose scope is its department sees its own department's work only (front and back office). */
export const ownDepartmentOnly = (caller: CallContext) => caller.scope === 'department';
