import type { Channel, Role } from '../../../generated/onewindow/common/v1/actor.ts';

/** Who is calling, as established from the call's credentials. */
export interface Caller {
  /** Account id; never personal data. */
  readonly subject: string;
  readonly roles: readonly Role[];
  /** Staff's department code; "" for applicants. */
  readonly department: string;
  /** Staff's jurisdiction: a region code whose subtree they act in; "" for applicants. */
  readonly regionCode: string;
  /** The hall and window of a counter clerk or a hall's kiosk; "" elsewhere. */
  readonly hallId: string;
  readonly windowId: string;
  /**
   * The person or organisation an applicant account was verified as (real-name authentication
   * by the identity provider); absent for staff and unverified accounts. Personal data: it is
   * compared, never logged or stored on its own.
   */
  readonly verifiedIdentity?: VerifiedIdentity;
}

export type VerifiedIdentity = { readonly kind: 'person'; readonly idNumber: string } | { readonly kind: 'organization'; readonly creditCode: string };

/**
 * Establishes the caller from a call's metadata, or rejects with UnauthenticatedError (or
 * UnavailableError when the keys to check it cannot be had). Asynchronous: a signed token's key
 * may have to be fetched.
 */
export interface IdentityResolver {
  resolve(authorization: string | undefined): Promise<Caller>;
}

export type { Channel, Role };

/**
 * The roles (applicant, counter clerk, approver, supervisor, operator, and services themselves):
 * the name a token and the access policy use, and the role of the contract it stands for.
 */
export const roleNames = { applicant: 'ROLE_APPLICANT', clerk: 'ROLE_CLERK', approver: 'ROLE_APPROVER', supervisor: 'ROLE_SUPERVISOR', operator: 'ROLE_OPERATOR', system: 'ROLE_SYSTEM' } as const satisfies Record<string, Role>;
export type RoleName = keyof typeof roleNames;
export const roleNameList = Object.keys(roleNames) as RoleName[];
/** The name tokens carry for each role. */
export const roleNameOf = Object.fromEntries(roleNameList.map((name) => [roleNames[name], name])) as Readonly<Record<Role, RoleName>>;
