import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type CryptoKey, type JWK, type JWTPayload, SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError, UnavailableError } from '../domain/errors.ts';
import type { IdentityResolver } from '../security/caller.ts';
import { mintDevelopmentToken } from './development-token.ts';
import { createLogger } from '../logging/logger.ts';
import { signedTokenIdentity } from './signed-token-identity.ts';
import { type TokenKeys, fileKeys, remoteKeys } from './token-keys.ts';

const ISSUER = 'https://idp.example.gov.cn/realms/onewindow';
const AUDIENCE = 'onewindow';
const ID_NUMBER = '34052419800101001X';
const now = () => Math.floor(Date.now() / 1000);

const logLines: string[] = [];
const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }) });

interface SigningKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey | Uint8Array;
  readonly publicJwk: JWK;
}

async function signingKey(alg: 'ES256' | 'EdDSA' | 'RS256' | 'PS256', kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A token as an identity provider would issue it; `overrides` break one thing at a time. */
function token(key: SigningKey, claims: JWTPayload, overrides: { iss?: string; aud?: string; exp?: number; nbf?: number; alg?: string } = {}): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: overrides.alg ?? key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? now() + 300);
  if (overrides.nbf !== undefined) jwt.setNotBefore(overrides.nbf);
  return jwt.sign(key.privateKey);
}

const resolverWith = (keys: TokenKeys): IdentityResolver => signedTokenIdentity({ keys, issuer: ISSUER, audience: AUDIENCE, logger });
const trusting = (...keys: SigningKey[]) => resolverWith({ description: 'test keys', getKey: createLocalJWKSet({ keys: keys.map((key) => key.publicJwk) }) });

/** The refusal's reason, checked to hold nothing of what the caller sent. */
async function refusal(resolver: IdentityResolver, bearer: string): Promise<string> {
  const error = await resolver.resolve(`Bearer ${bearer}`).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  const { message } = error as Error;
  for (const part of bearer.split('.').filter((p) => p.length > 8)) expect(message).not.toContain(part);
  expect(message).not.toContain(ID_NUMBER);
  return message;
}

const clerk = { sub: 'clerk-gulou-03', roles: ['clerk'], department: 'SCJGJ', region: '350102', hall: 'gulou-hall', window: 'window-3' };

describe('a signed token', () => {
  let es256: SigningKey;
  let eddsa: SigningKey;
  let rs256: SigningKey;
  let stranger: SigningKey;
  let resolver: IdentityResolver;

  beforeAll(async () => {
    [es256, eddsa, rs256, stranger] = await Promise.all([signingKey('ES256', 'es'), signingKey('EdDSA', 'ed'), signingKey('RS256', 'rs'), signingKey('ES256', 'stranger')]);
    resolver = trusting(es256, eddsa, rs256);
  });

  describe('signed by a trusted key, from the configured issuer to this platform, within its lifetime', () => {
    it('is the caller its claims describe: subject, roles, department, jurisdiction, hall and window', async () => {
      await expect(resolver.resolve(`Bearer ${await token(es256, clerk)}`)).resolves.toEqual({
        subject: 'clerk-gulou-03',
        roles: ['ROLE_CLERK'],
        department: 'SCJGJ',
        regionCode: '350102',
        hallId: 'gulou-hall',
        windowId: 'window-3',
        verifiedIdentity: undefined,
      });
    });

    it('is accepted whichever asymmetric algorithm signed it (ES256, EdDSA, RS256)', async () => {
      for (const key of [es256, eddsa, rs256]) expect((await resolver.resolve(`Bearer ${await token(key, clerk)}`)).subject).toBe('clerk-gulou-03');
    });

    it("carries an applicant's verified identity, and the claims' defaults for what it leaves out", async () => {
      const caller = await resolver.resolve(`Bearer ${await token(es256, { sub: 'applicant-lisi', roles: ['applicant'], holder: { idNumber: ID_NUMBER } })}`);
      expect(caller).toMatchObject({ roles: ['ROLE_APPLICANT'], department: '', regionCode: '', verifiedIdentity: { kind: 'person', idNumber: ID_NUMBER } });
    });

    it('is still accepted a few seconds after it expired (clock skew between the provider and us)', async () => {
      expect((await resolver.resolve(`Bearer ${await token(es256, clerk, { exp: now() - 5 })}`)).subject).toBe('clerk-gulou-03');
    });

    it('may name a service (service:<name>) in the system role', async () => {
      const caller = await resolver.resolve(`Bearer ${await token(es256, { sub: 'service:sms-gateway', roles: ['system'] })}`);
      expect(caller).toMatchObject({ subject: 'service:sms-gateway', roles: ['ROLE_SYSTEM'] });
    });
  });

  describe('is refused, saying why without echoing the token or its claims,', () => {
    it('when it has expired', async () => {
      expect(await refusal(resolver, await token(es256, clerk, { exp: now() - 600 }))).toBe('the signed token has expired');
    });

    it('when it is not valid yet', async () => {
      expect(await refusal(resolver, await token(es256, clerk, { nbf: now() + 600 }))).toBe('the signed token is not valid yet');
    });

    it('when another issuer issued it, or it is meant for another audience', async () => {
      expect(await refusal(resolver, await token(es256, clerk, { iss: 'https://elsewhere.example.com' }))).toBe('the signed token is not from a trusted issuer');
      expect(await refusal(resolver, await token(es256, clerk, { aud: 'another-platform' }))).toBe('the signed token is not meant for this platform (audience)');
    });

    it('when no trusted key signed it', async () => {
      expect(await refusal(resolver, await token(stranger, clerk))).toBe('no trusted key matches the signed token');
    });

    it("when it claims a trusted key's id but another key signed it", async () => {
      const impostor: SigningKey = { ...stranger, kid: es256.kid };
      expect(await refusal(resolver, await token(impostor, clerk))).toBe("the signed token's signature does not verify");
    });

    it('when its claims are altered after signing', async () => {
      const [header, , signature] = (await token(es256, clerk)).split('.');
      const forged = Buffer.from(JSON.stringify({ ...clerk, roles: ['operator'], iss: ISSUER, aud: AUDIENCE, exp: now() + 300 })).toString('base64url');
      expect(await refusal(resolver, `${header}.${forged}.${signature}`)).toBe("the signed token's signature does not verify");
    });

    it('when it is unsecured (alg "none")', async () => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsecured = `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...clerk, iss: ISSUER, aud: AUDIENCE, exp: now() + 300 })}.`;
      expect(await refusal(resolver, unsecured)).toMatch(/algorithm is not accepted \(accepted: ES256, EdDSA/);
    });

    it('when it is signed with a shared secret (HS256), even one an attacker could take from a public key', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(es256.publicJwk));
      const hmac = await new SignJWT(clerk).setProtectedHeader({ alg: 'HS256', kid: es256.kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(now() + 300).sign(secret);
      expect(await refusal(resolver, hmac)).toMatch(/algorithm is not accepted/);
    });

    it('when it has no expiry', async () => {
      const forever = await new SignJWT(clerk).setProtectedHeader({ alg: 'ES256', kid: es256.kid }).setIssuer(ISSUER).setAudience(AUDIENCE).sign(es256.privateKey);
      expect(await refusal(resolver, forever)).toBe('the signed token lacks a valid "exp" claim');
    });

    it('when its claims break the schema: naming the claims, never their values', async () => {
      expect(await refusal(resolver, await token(es256, { ...clerk, roles: ['king'] }))).toBe('signed token claims are invalid (roles.0)');
      expect(await refusal(resolver, await token(es256, { ...clerk, region: 'Gulou' }))).toBe('signed token claims are invalid (region)');
      const badHolder = await token(es256, { sub: 'applicant-lisi', roles: ['applicant'], holder: { idNumber: ID_NUMBER.replace('X', '9') } });
      expect(await refusal(resolver, badHolder)).toBe('signed token claims are invalid (holder.idNumber)');
      expect(await refusal(resolver, await token(es256, { roles: ['clerk'] }))).toBe('the signed token lacks a valid "sub" claim');
    });

    it('when it gives a person the system role, or a service:<name> subject another role', async () => {
      expect(await refusal(resolver, await token(es256, { sub: 'clerk-gulou-03', roles: ['system'] }))).toBe('signed token claims are invalid (roles)');
      expect(await refusal(resolver, await token(es256, { sub: 'service:sms-gateway', roles: ['system', 'clerk'] }))).toBe('signed token claims are invalid (roles)');
      expect(await refusal(resolver, await token(es256, { sub: 'service:sms-gateway', roles: ['operator'] }))).toBe('signed token claims are invalid (sub)');
    });

    it('when it is a development token, or not a token at all', async () => {
      expect(await refusal(resolver, mintDevelopmentToken({ sub: 'operator-1', roles: ['operator'] }))).toBe('not a signed token (a JWS in compact form)');
      expect(await refusal(resolver, 'aaaa.bbbb.cccc')).toBe('not a signed token (a JWS in compact form)');
      await expect(resolver.resolve(undefined)).rejects.toThrow(/missing "authorization: Bearer <token>" metadata/);
    });
  });
});

describe('trusted keys from a file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'ow-token-keys-'));
  const write = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  };

  it('a JWKS file: tokens its keys signed are accepted, others refused', async () => {
    const [trusted, other] = await Promise.all([signingKey('EdDSA', 'a'), signingKey('EdDSA', 'b')]);
    const resolver = resolverWith(fileKeys(write('jwks.json', JSON.stringify({ keys: [trusted.publicJwk] }))));
    expect((await resolver.resolve(`Bearer ${await token(trusted, clerk)}`)).subject).toBe('clerk-gulou-03');
    expect(await refusal(resolver, await token(other, clerk))).toBe('no trusted key matches the signed token');
  });

  it('a PEM public key: RS256 and PS256 tokens of its pair are accepted, an ES256 one refused', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const resolver = resolverWith(fileKeys(write('public.pem', publicKey.export({ type: 'spki', format: 'pem' }) as string)));
    for (const alg of ['RS256', 'PS256']) {
      const signed = await token({ alg, kid: 'pem', privateKey: privateKey as unknown as CryptoKey, publicJwk: {} }, clerk);
      expect((await resolver.resolve(`Bearer ${signed}`)).subject).toBe('clerk-gulou-03');
    }
    expect(await refusal(resolver, await token(await signingKey('ES256', 'pem'), clerk))).toBe('no trusted key matches the signed token');
  });

  it('refuses at start a file holding a private key, a shared secret, no key, or a key of no accepted algorithm', async () => {
    const key = await signingKey('ES256', 'k');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = { ...key.publicJwk, ...(await exportJWK(privateKey)) };
    expect(() => fileKeys(write('private.json', JSON.stringify({ keys: [privateJwk] })))).toThrow(/holds a private key/);
    expect(() => fileKeys(write('secret.json', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] })))).toThrow(/only public EC, OKP and RSA keys/);
    const { privateKey: pem } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => fileKeys(write('private.pem', pem.export({ type: 'pkcs8', format: 'pem' }) as string))).toThrow(/holds a private key/);
    expect(() => fileKeys(write('empty.json', '{"keys": []}'))).toThrow(/non-empty "keys" array/);
    const { publicKey: p384 } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => fileKeys(write('p384.pem', p384.export({ type: 'spki', format: 'pem' }) as string))).toThrow(/must be P-256 \(ES256\), Ed25519/);
  });
});

describe('trusted keys from a JWKS URL', () => {
  let server: Server;
  let key: SigningKey;
  let fetches = 0;
  let answer: { status: number; body: string };
  let url = '';

  beforeAll(async () => {
    key = await signingKey('ES256', 'idp-2026');
    answer = { status: 200, body: JSON.stringify({ keys: [key.publicJwk] }) };
    server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/onewindow/protocol/openid-connect/certs`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies with the served keys, fetching them once for many tokens', async () => {
    const resolver = resolverWith(remoteKeys(url));
    fetches = 0;
    for (let i = 0; i < 5; i += 1) expect((await resolver.resolve(`Bearer ${await token(key, { ...clerk, sub: `clerk-${i}` })}`)).subject).toBe(`clerk-${i}`);
    expect(fetches).toBe(1);
  });

  it('answers UNAVAILABLE (retry), not UNAUTHENTICATED, when the keys cannot be fetched, and logs it for the operator', async () => {
    answer = { status: 503, body: 'down for maintenance' };
    const resolver = resolverWith(remoteKeys(url));
    const bearer = await token(key, clerk);
    const error = await resolver.resolve(`Bearer ${bearer}`).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(logLines.join('\n')).toMatch(/cannot verify tokens: the trusted keys could not be fetched/);
    expect(logLines.join('\n')).not.toContain(bearer.split('.')[1]);
  });
});
