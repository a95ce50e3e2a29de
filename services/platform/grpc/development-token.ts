import { z } from 'zod';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Caller, IdentityResolver, Role } from './caller.ts';

const roleNames = { applicant: 'ROLE_APPLICANT', clerk: 'ROLE_CLERK', approver: 'ROLE_APPROVER', supervisor: 'ROLE_SUPERVISOR', operator: 'ROLE_OPERATOR' } as const satisfies Record<string, Role>;
export type RoleName = keyof typeof roleNames;
export const roleNameList = Object.keys(roleNames) as RoleName[];

const claimsSchema = z.object({
  sub: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/),
  roles: z.array(z.enum(roleNameList as [RoleName, ...RoleName[]])).min(1),
  department: z.string().max(64).default(''),
  region: z.string().regex(/^(\d{6}|\d{9})?$/).default(''),
  hall: z.string().max(64).default(''),
  window: z.string().max(64).default(''),
});

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
    };
    return caller;
  },
};
