import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { UnauthenticatedError } from '../domain/errors.ts';
import { createLogger } from '../logging/logger.ts';
import { localSigningKey, localSigningKeyPath } from './local-signing-key.ts';
import { signToken } from './sign-token.ts';
import { signedTokenIdentity } from './signed-token-identity.ts';
import { localKeys } from './token-keys.ts';

const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _e, done) => done() }) });
const signing = { issuer: 'onewindow', audience: 'onewindow', expiresInS: 600 };
const verifierOf = (dataDir: string) => signedTokenIdentity({ keys: localKeys(dataDir), issuer: 'onewindow', audience: 'onewindow', logger });

describe('the local signing key of an embedded platform', () => {
  it('is made on first use, owner-only, and the same key ever after', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ow-local-key-'));
    const first = localSigningKey(dataDir);
    expect(statSync(localSigningKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    expect(localSigningKey(dataDir).publicJwk).toEqual(first.publicJwk);
    expect(readdirSync(join(dataDir, 'keys'))).toEqual(['token-signing-key.pem']);
    expect(first.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(first.publicJwk).not.toHaveProperty('d');
  });

  it('signs tokens the platform of the same data directory accepts, and no other', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ow-local-key-'));
    const token = signToken({ sub: 'clerk-1', roles: ['clerk'], region: '350102', hall: 'h1', window: 'w3' }, localSigningKey(dataDir), signing);
    expect(await verifierOf(dataDir).resolve(`Bearer ${token}`)).toMatchObject({ subject: 'clerk-1', roles: ['ROLE_CLERK'], regionCode: '350102', hallId: 'h1', windowId: 'w3' });
    const elsewhere = mkdtempSync(join(tmpdir(), 'ow-local-key-'));
    await expect(verifierOf(elsewhere).resolve(`Bearer ${token}`)).rejects.toThrow(new UnauthenticatedError('no trusted key matches the signed token'));
  });

  it('signs tokens that expire after their lifetime', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ow-local-key-'));
    const yesterday = new Date(Date.now() - 86_400_000);
    const token = signToken({ sub: 'clerk-1', roles: ['clerk'] }, localSigningKey(dataDir), { ...signing, now: yesterday });
    await expect(verifierOf(dataDir).resolve(`Bearer ${token}`)).rejects.toThrow('the signed token has expired');
  });

  it('refuses to sign claims the platform would refuse', () => {
    const key = localSigningKey(mkdtempSync(join(tmpdir(), 'ow-local-key-')));
    expect(() => signToken({ sub: 'clerk-1', roles: ['system'] }, key, signing)).toThrow(ZodError);
  });
});
