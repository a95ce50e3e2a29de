import { sign } from 'node:crypto';
import { type TokenClaims, tokenClaimsSchema } from './token-claims.ts';
import type { LocalSigningKey } from './local-signing-key.ts';

export interface SigningOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Seconds the token is valid for. */
  readonly expiresInS: number;
  readonly now?: Date;
}

/**
 * A compact JWS (ES256) of the claims, signed with the local key. Synchronous, so that a tool's
 * metadata can be built where it is needed; verification is jose's (signed-token-identity.ts).
 * The claims pass the same schema the verifier applies: a token that could never be accepted is
 * refused here, naming the claim.
 */
export function signToken(claims: TokenClaims, key: LocalSigningKey, options: SigningOptions): string {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const header = { alg: 'ES256', typ: 'JWT', kid: key.publicJwk.kid };
  const payload = { ...tokenClaimsSchema.parse(claims), iss: options.issuer, aud: options.audience, iat: issuedAt, nbf: issuedAt, exp: issuedAt + options.expiresInS };
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  // JWS wants the raw r||s pair (IEEE P1363), not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
