import { errors, jwtVerify } from 'jose';
import { UnauthenticatedError, UnavailableError } from '../domain/errors.ts';
import type { IdentityResolver } from '../security/caller.ts';
import type { Logger } from '../logging/logger.ts';
import { bearerToken, callerFromClaims } from './token-claims.ts';
import { KeySourceUnavailableError, type TokenKeys } from './token-keys.ts';

/** Asymmetric only: a verifier holding a shared secret could mint tokens itself; never `none`. */
export const ALLOWED_ALGORITHMS = ['ES256', 'EdDSA', 'Ed25519', 'RS256', 'PS256'] as const;
/** Clocks of the identity provider and the services differ a little. */
const CLOCK_TOLERANCE_S = 30;

export interface SignedTokenOptions {
  readonly keys: TokenKeys;
  readonly issuer: string;
  readonly audience: string;
  readonly logger: Logger;
}

/**
 * OW_AUTH_MODE=jwt: a JWS signed by a trusted key (jose verifies signature, algorithm, `exp`,
 * `nbf`, `iss` and `aud`), whose claims then pass the same schema as development tokens. Every
 * refusal says why in general terms: never the token, never a claim's value.
 */
export function signedTokenIdentity(options: SignedTokenOptions): IdentityResolver {
  const { keys, issuer, audience, logger } = options;
  const verifying = { issuer, audience, algorithms: [...ALLOWED_ALGORITHMS], clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp', 'sub'] };
  return {
    async resolve(authorization) {
      const token = bearerToken(authorization);
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keys.getKey, verifying));
      } catch (error) {
        if (error instanceof KeySourceUnavailableError) {
          logger.error({ err: error.cause, keys: keys.description }, 'cannot verify tokens: the trusted keys could not be fetched');
          throw new UnavailableError('the keys that verify tokens cannot be fetched now; try again');
        }
        throw new UnauthenticatedError(refusal(error));
      }
      return callerFromClaims(payload, 'signed token');
    },
  };
}

/** Why jose refused, in words that hold nothing of the token. */
function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the signed token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claims: Record<string, string> = {
      iss: 'the signed token is not from a trusted issuer',
      aud: 'the signed token is not meant for this platform (audience)',
      nbf: 'the signed token is not valid yet',
      iat: 'the signed token was issued in the future',
    };
    return claims[error.claim] ?? `the signed token lacks a valid "${error.claim}" claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return `the signed token's algorithm is not accepted (accepted: ${ALLOWED_ALGORITHMS.join(', ')})`;
  }
  // jose throws TypeError when the key found cannot serve the token's algorithm (an RSA key for ES256).
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof TypeError) return 'no trusted key matches the signed token';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signed token\'s signature does not verify';
  if (error instanceof errors.JOSEError) return 'not a signed token (a JWS in compact form)';
  throw error;
}
