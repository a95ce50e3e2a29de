import { type KeyObject, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type JSONWebKeySet, type JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, errors } from 'jose';
import { localSigningKey } from './local-signing-key.ts';

/** Where the keys that verify tokens come from; `description` names it for logs (no secrets in it). */
export interface TokenKeys {
  readonly getKey: JWTVerifyGetKey;
  readonly description: string;
}

/** The keys could not be had (the identity provider is down or answers nonsense): not the caller's fault. */
export class KeySourceUnavailableError extends Error {}

/**
 * An identity provider's JWKS endpoint, fetched on first use and kept ten minutes; a token whose
 * `kid` is unknown makes it fetch again (key rotation), at most every 30 seconds.
 */
export function remoteKeys(url: string): TokenKeys {
  const parsed = new URL(url);
  const remote = createRemoteJWKSet(parsed, { cacheMaxAge: 600_000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
  return {
    description: `JWKS at ${parsed.origin}${parsed.pathname}`,
    getKey: async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (isKeySourceFailure(error)) throw new KeySourceUnavailableError('the JWKS could not be fetched', { cause: error });
        throw error;
      }
    },
  };
}

/** A file: a JWKS (JSON) of public keys, or one PEM public key (SPKI). Read once, at start. */
export function fileKeys(path: string): TokenKeys {
  const text = readFileSync(path, 'utf8');
  if (/PRIVATE KEY/.test(text)) throw new Error(`${path} holds a private key: give the public key only`);
  if (text.trimStart().startsWith('{')) return { description: `JWKS file ${path}`, getKey: createLocalJWKSet(publicKeySet(JSON.parse(text), path)) };
  if (!text.includes('-----BEGIN PUBLIC KEY-----')) throw new Error(`${path} is neither a JWKS (JSON) nor a PEM public key`);
  const key = createPublicKey(text);
  const algorithms = algorithmsOf(key);
  if (!algorithms.length) throw new Error(`${path}: the PEM key must be P-256 (ES256), Ed25519 (EdDSA) or RSA (RS256, PS256)`);
  return {
    description: `public key file ${path}`,
    // A token for another kind of key is simply not one of ours (WebCrypto would fail on the mismatch).
    getKey: async (header) => {
      if (!algorithms.includes(header.alg)) throw new errors.JWKSNoMatchingKey();
      return key;
    },
  };
}

function algorithmsOf(key: KeyObject): string[] {
  if (key.asymmetricKeyType === 'ec') return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? ['ES256'] : [];
  if (key.asymmetricKeyType === 'ed25519') return ['EdDSA', 'Ed25519'];
  if (key.asymmetricKeyType === 'rsa') return ['RS256', 'PS256'];
  if (key.asymmetricKeyType === 'rsa-pss') return ['PS256'];
  return [];
}

/** The embedded platform's own key (OW_DATA_DIR/keys), made on first use; `npm run token` signs with it. */
export function localKeys(dataDir: string): TokenKeys {
  const { publicJwk } = localSigningKey(dataDir);
  return { description: `the local signing key ${publicJwk.kid}`, getKey: createLocalJWKSet({ keys: [publicJwk] }) };
}

function publicKeySet(json: unknown, path: string): JSONWebKeySet {
  const keys = (json as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${path}: a JWKS needs a non-empty "keys" array`);
  for (const key of keys as Array<Record<string, unknown>>) {
    if (!['EC', 'OKP', 'RSA'].includes(String(key['kty']))) throw new Error(`${path}: only public EC, OKP and RSA keys are trusted (no shared secrets)`);
    if ('d' in key) throw new Error(`${path} holds a private key: give the public keys only`);
  }
  return json as JSONWebKeySet;
}

/** A network error, a timeout, a non-200 answer or a malformed key set. */
function isKeySourceFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === errors.JOSEError.code;
}
