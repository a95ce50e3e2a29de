import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { ensureKeyFile } from '../keys/key-file.ts';

/** The embedded platform's own token key (ES256), and the public half it trusts. */
export interface LocalSigningKey {
  readonly privateKey: KeyObject;
  /** The public key as a JWK with its `kid` (RFC 7638 thumbprint), `alg` and `use`. */
  readonly publicJwk: PublicJwk;
}

export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

export const localSigningKeyPath = (dataDir: string) => join(dataDir, 'keys', 'token-signing-key.pem');

/**
 * The key `npm run token` signs with and an embedded platform in OW_AUTH_MODE=jwt trusts when no
 * identity provider is configured: made on first use in OW_DATA_DIR/keys (owner-only, synced) and
 * backed up with the data. Whoever can read it can act as anyone, like the holder key beside it.
 */
export function localSigningKey(dataDir: string): LocalSigningKey {
  const pem = ensureKeyFile(localSigningKeyPath(dataDir), () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const privateKey = createPrivateKey(pem.toString('utf8'));
  return { privateKey, publicJwk: publicJwkOf(privateKey) };
}

function publicJwkOf(privateKey: KeyObject): PublicJwk {
  const { crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (crv !== 'P-256' || !x || !y) throw new Error('the local token signing key is not an ES256 (P-256) key');
  // RFC 7638: the required members in lexicographic order, no spaces.
  const kid = createHash('sha256').update(JSON.stringify({ crv, kty: 'EC', x, y })).digest('base64url');
  return { kty: 'EC', crv, x, y, kid, alg: 'ES256', use: 'sig' };
}
