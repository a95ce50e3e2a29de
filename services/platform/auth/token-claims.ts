import { z } from 'zod';
import { CITIZEN_ID_RULE, isValidCitizenId } from '../codes/citizen-id.ts';
import { CREDIT_CODE_RULE, isValidCreditCode } from '../codes/credit-code.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { type Caller, type RoleName, type VerifiedIdentity, roleNameList, roleNames } from '../security/caller.ts';


/** A service's account: `service:<name>`, the only subjects that may hold the system role. */
export const SERVICE_SUBJECT = /^service:[a-z][a-z0-9-]{0,62}$/;

/**
 * The claims OneWindow reads from a token, signed or development: one schema, so both kinds of
 * token mean the same caller. Registered claims (iss, aud, exp...) are checked by the verifier and
 * dropped here.
 */
export const tokenClaimsSchema = z
  .object({
    sub: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/),
    roles: z.array(z.enum(roleNameList as [RoleName, ...RoleName[]])).min(1),
    department: z.string().max(64).default(''),
    /** The jurisdiction: a region code whose subtree staff act in. */
    region: z.string().regex(/^(\d{6}|\d{9})?$/).default(''),
    hall: z.string().max(64).default(''),
    window: z.string().max(64).default(''),
    /** The verified identity of an applicant account: exactly one of the two numbers. */
    holder: z
      .object({ idNumber: z.string().refine(isValidCitizenId, CITIZEN_ID_RULE).optional(), creditCode: z.string().refine(isValidCreditCode, CREDIT_CODE_RULE).optional() })
      .strict()
      .refine((holder) => (holder.idNumber === undefined) !== (holder.creditCode === undefined), 'needs exactly one of idNumber and creditCode')
      .optional(),
  })
  // A service acts as itself alone: no person's account can borrow the system role, and no
  // service account can also be a clerk or an applicant.
  .refine((claims) => !claims.roles.includes('system') || (claims.roles.length === 1 && SERVICE_SUBJECT.test(claims.sub)), {
    path: ['roles'],
    message: 'the system role is held alone, by a service:<name> subject',
  })
  .refine((claims) => !claims.sub.startsWith('service:') || claims.roles.includes('system'), {
    path: ['sub'],
    message: 'a service:<name> subject holds the system role',
  });

/** Claims as a token carries them (defaults may be left out). */
export type TokenClaims = z.input<typeof tokenClaimsSchema>;

/** The caller a token's claims describe; `kind` names the token in the error ("signed token"). */
export function callerFromClaims(payload: unknown, kind: string): Caller {
  const parsed = tokenClaimsSchema.safeParse(payload);
  // Never the values: claims may hold an ID number.
  if (!parsed.success) throw new UnauthenticatedError(`${kind} claims are invalid (${parsed.error.issues.map((issue) => issue.path.join('.') || 'claims').join(', ')})`);
  const claims = parsed.data;
  return {
    subject: claims.sub,
    roles: claims.roles.map((name) => roleNames[name]),
    department: claims.department,
    regionCode: claims.region,
    hallId: claims.hall,
    windowId: claims.window,
    verifiedIdentity: verifiedIdentityOf(claims.holder),
  };
}

/** The token of an `authorization: Bearer <token>` header. */
export function bearerToken(authorization: string | undefined): string {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  if (!token) throw new UnauthenticatedError('missing "authorization: Bearer <token>" metadata');
  return token;
}

function verifiedIdentityOf(holder: z.output<typeof tokenClaimsSchema>['holder']): VerifiedIdentity | undefined {
  if (holder?.idNumber) return { kind: 'person', idNumber: holder.idNumber };
  if (holder?.creditCode) return { kind: 'organization', creditCode: holder.creditCode };
  return undefined;
}
