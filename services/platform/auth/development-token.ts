import { UnauthenticatedError } from '../domain/errors.ts';
import { type TokenClaims, bearerToken, callerFromClaims, tokenClaimsSchema } from './token-claims.ts';
import type { IdentityResolver } from '../security/caller.ts';

const PREFIX = 'dev.';

/**
 * Development tokens: the claims in base64url JSON, unsigned. They let the tests and local tools
 * act as any role; they prove nothing, so OW_AUTH_MODE=development must never face a network
 * anyone else can reach. Signed tokens (OW_AUTH_MODE=jwt, services/platform/auth/) carry the same
 * claims.
 */
export function mintDevelopmentToken(claims: TokenClaims): string {
  return PREFIX + Buffer.from(JSON.stringify(tokenClaimsSchema.parse(claims))).toString('base64url');
}

export const developmentIdentity: IdentityResolver = {
  async resolve(authorization) {
    const token = bearerToken(authorization);
    if (!token.startsWith(PREFIX)) throw new UnauthenticatedError('not a development token');
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
    } catch {
      throw new UnauthenticatedError('malformed development token');
    }
    return callerFromClaims(json, 'development token');
  },
};
