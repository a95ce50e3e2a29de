import { localSigningKey } from '../../services/platform/auth/local-signing-key.ts';
import { signToken } from '../../services/platform/auth/sign-token.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import type { AuthSettings } from '../../services/platform/auth/configured-identity.ts';
import { mintDevelopmentToken } from '../../services/platform/auth/development-token.ts';

/** Makes the token of a caller: what the tools hand to callerMetadata. */
export type TokenMinter = (claims: TokenClaims) => string;

/** Raised when the platform trusts an identity provider: only the provider can sign its tokens. */
export class CannotMintError extends Error {}

/**
 * Tokens the platform configured by `config` accepts: development tokens in development mode,
 * otherwise tokens signed with the local key of its data directory (made there on first use, so
 * the tool and the platform meet on the same key whichever starts first).
 */
export function tokenMinterFor(config: AuthSettings, options: { expiresInS?: number; unsigned?: boolean } = {}): TokenMinter {
  if (options.unsigned || config.OW_AUTH_MODE === 'development') return mintDevelopmentToken;
  if (config.OW_AUTH_JWKS_URL || config.OW_AUTH_PUBLIC_KEYS_FILE) {
    throw new CannotMintError(
      'this platform trusts the keys of OW_AUTH_JWKS_URL or OW_AUTH_PUBLIC_KEYS_FILE: its tokens come from that identity provider. ' +
        'Local tokens are signed only with the local key of an embedded platform (neither variable set), or are unsigned (--unsigned, for OW_AUTH_MODE=development).',
    );
  }
  const key = localSigningKey(config.OW_DATA_DIR);
  const signing = { issuer: config.OW_AUTH_ISSUER, audience: config.OW_AUTH_AUDIENCE, expiresInS: options.expiresInS ?? 3600 };
  return (claims) => signToken(claims, key, signing);
}
