import type { IdentityResolver } from '../security/caller.ts';
import { developmentIdentity } from './development-token.ts';
import type { Logger } from '../logging/logger.ts';
import { signedTokenIdentity } from './signed-token-identity.ts';
import { type TokenKeys, fileKeys, localKeys, remoteKeys } from './token-keys.ts';

/** The settings that decide how callers are authenticated (and which tokens the tools mint). */
export interface AuthSettings {
  readonly OW_AUTH_MODE: 'jwt' | 'development';
  readonly OW_AUTH_JWKS_URL: string;
  readonly OW_AUTH_PUBLIC_KEYS_FILE: string;
  readonly OW_AUTH_ISSUER: string;
  readonly OW_AUTH_AUDIENCE: string;
  readonly OW_DATA_DIR: string;
}

/**
 * How this process authenticates callers (OW_AUTH_MODE), built once at start: its services share
 * it, and development mode says loudly, once, that it authenticates nobody.
 */
export function configuredIdentity(config: AuthSettings, logger: Logger): IdentityResolver {
  if (config.OW_AUTH_MODE === 'development') {
    logger.warn(
      { authMode: 'development' },
      'OW_AUTH_MODE=development: callers are NOT authenticated. Unsigned development tokens, which anyone can write, act in any role. ' +
        'Never let a network you do not control reach this process; run with OW_AUTH_MODE=jwt (the default) for real use.',
    );
    return developmentIdentity;
  }
  const keys = tokenKeysOf(config);
  logger.info({ authMode: 'jwt', keys: keys.description, issuer: config.OW_AUTH_ISSUER, audience: config.OW_AUTH_AUDIENCE }, 'callers need signed tokens');
  return signedTokenIdentity({ keys, issuer: config.OW_AUTH_ISSUER, audience: config.OW_AUTH_AUDIENCE, logger });
}

/** The configuration allows the local key only where the data directory is the platform's own. */
function tokenKeysOf(config: AuthSettings): TokenKeys {
  if (config.OW_AUTH_JWKS_URL) return remoteKeys(config.OW_AUTH_JWKS_URL);
  if (config.OW_AUTH_PUBLIC_KEYS_FILE) return fileKeys(config.OW_AUTH_PUBLIC_KEYS_FILE);
  return localKeys(config.OW_DATA_DIR);
}
