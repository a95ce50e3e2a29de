import { z } from 'zod';
import { CITIZEN_ID_RULE, isValidCitizenId } from '../codes/citizen-id.ts';
import { CREDIT_CODE_RULE, isValidCreditCode } from '../codes/credit-code.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Caller, IdentityResolver, Role, VerifiedIdentity } from './caller.ts';

const roleNames = { applicant: 'ROLE_APPLICANT', clerk: 'ROLE_CLERK', approver: 'ROLE_APPROVER', supervisor: 'ROLE_SUPERVISOR', operator: 'ROLE_OPERATOR', system: 'ROLE_SYSTEM' } as const satisfies Record<string, Role>;
export type RoleName = keyof typeof roleNames;
export const roleNameList = Object.keys(roleNames) as RoleName[];

const claimsSchema = z.object({
  sub: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/),
  roles: z.array(z.enum(roleNameList as [RoleName, ...RoleName[]])).min(1),
  department: z.string().max(64).default(''),
  region: z.string().regex(/^(\d{6}|\d{9})?$/).default(''),
  hall: z.string().max(64).default(''),
  window: z.string().max(64).default(''),
  /** The verified identity of an applicant account: exactly one of the two numbers. */
  holder: z
    .object({ idNumber: z.string().refine(isValidCitizenId, CITIZEN_ID_RULE).optional(), creditCode: z.string().refine(isValidCreditCode, CREDIT_CODE_RULE).optional() })
    .strict()
    .refine((holder) => (holder.idNumber === undefined) !== (holder.creditCode === undefined), 'needs exactly one of idNumber and creditCode')
    .optional(),
});

const verifiedIdentityOf = (holder: z.output<typeof claimsSchema>['holder']): VerifiedIdentity | undefined => {
  if (holder?.idNumber) return { kind: 'person', idNumber: holder.idNumber };
  if (holder?.creditCode) return { kind: 'organization', creditCode: holder.creditCode };
  return undefined;
};

export type DevelopmentClaims = z.input<typeof claimsSchema>;

const PREFIX = 'dev.';

/**
 * Development tokens: the claims in base64url JSON, unsigned. They let embedded mode, the demo and
 * the tests act as any role; they prove nothing, so OW_AUTH_MODE=development must never face the
 * internet. Signed tokens replace them in the security issue.
 */
export function mintDevelopmentToken(claims: DevelopmentClaims): string {
  return PREFIX + Buffer.from(JSON.stringify(claimsSchema.parse(claims))).toString('base64url');
}

export const developmentIdentity: IdentityResolver = {
  resolve(authorization) {
    const token = authorization?.replace(/^Bearer\s+/i, '');
    if (!token) throw new UnauthenticatedError('missing "authorization: Bearer <token>" metadata');
    if (!token.startsWith(PREFIX)) throw new UnauthenticatedError('not a development token');
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
    } catch {
      throw new UnauthenticatedError('malformed development token');
    }
    const claims = claimsSchema.safeParse(json);
    if (!claims.success) throw new UnauthenticatedError('development token claims are invalid');
    const caller: Caller = {
      subject: claims.data.sub,
      roles: claims.data.roles.map((name) => roleNames[name]),
      department: claims.data.department,
      regionCode: claims.data.region,
      hallId: claims.data.hall,
      windowId: claims.data.window,
      verifiedIdentity: verifiedIdentityOf(claims.data.holder),
    };
    return caller;
  },
};
