import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.ts';
import { developmentIdentity } from '../auth/development-token.ts';
import { checkHealth } from './probes.ts';
import { RpcServer } from './rpc-server.ts';
import { type TlsSettings, clientCredentials, serverCredentials } from './tls-credentials.ts';

/** Node cannot issue X.509 certificates; the openssl command line can (Debian's openssl package). */
const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A CA, and certificates it signs: the shape of a cert-manager CA Issuer's output. */
function certificates() {
  const directory = mkdtempSync(join(tmpdir(), 'ow-tls-'));
  const path = (name: string) => join(directory, name);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ca = (name: string) => {
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path(`${name}.key`), '-out', path(`${name}.crt`), '-days', '1', '-subj', `/CN=${name}`);
    return path(`${name}.crt`);
  };
  const issue = (name: string, issuer: string, extensions: string) => {
    writeFileSync(path(`${name}.ext`), extensions);
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', `/CN=${name}`);
    run('x509', '-req', '-in', path(`${name}.csr`), '-CA', path(`${issuer}.crt`), '-CAkey', path(`${issuer}.key`), '-CAcreateserial', '-out', path(`${name}.crt`), '-days', '1', '-extfile', path(`${name}.ext`));
    return { cert: path(`${name}.crt`), key: path(`${name}.key`) };
  };
  const platformCa = ca('platform-ca');
  ca('other-ca');
  return {
    platformCa,
    server: issue('acceptance', 'platform-ca', 'subjectAltName=IP:127.0.0.1,DNS:acceptance\nextendedKeyUsage=serverAuth\n'),
    client: issue('notification', 'platform-ca', 'subjectAltName=DNS:notification\nextendedKeyUsage=clientAuth\n'),
    stranger: issue('stranger', 'other-ca', 'subjectAltName=DNS:stranger\nextendedKeyUsage=clientAuth\n'),
  };
}

const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _e, done) => done() }) });
const plaintext: TlsSettings = { OW_GRPC_TLS_CERT_FILE: '', OW_GRPC_TLS_KEY_FILE: '', OW_GRPC_TLS_CLIENT_CA_FILE: '' };

describe.skipIf(!openssl)('gRPC servers with TLS (OW_GRPC_TLS_*; skipped without the openssl command)', () => {
  const certs = openssl ? certificates() : undefined!;
  let server: RpcServer | undefined;
  afterEach(() => server?.shutdown(100));

  const serve = async (settings: TlsSettings) => {
    server = new RpcServer({ services: [], identity: developmentIdentity, logger, rpcTimeoutMs: 5000, credentials: serverCredentials(settings) });
    return `127.0.0.1:${await server.start('127.0.0.1', 0)}`;
  };
  const mutual: TlsSettings = { OW_GRPC_TLS_CERT_FILE: certs?.server.cert, OW_GRPC_TLS_KEY_FILE: certs?.server.key, OW_GRPC_TLS_CLIENT_CA_FILE: certs?.platformCa };
  /** A client as our tools build one: trusting the platform CA, presenting `identity` if any. */
  const clientAs = (identity?: { cert: string; key: string }) =>
    clientCredentials({ OW_GRPC_TLS_CERT_FILE: identity?.cert ?? '', OW_GRPC_TLS_KEY_FILE: identity?.key ?? '', OW_GRPC_TLS_CLIENT_CA_FILE: certs.platformCa });
  const health = (address: string, credentials: grpc.ChannelCredentials) => checkHealth(address, '', 1000, credentials);

  it('with mutual TLS, serve a client whose certificate the platform CA signed', async () => {
    const address = await serve(mutual);
    expect(await health(address, clientAs(certs.client))).toBe('SERVING');
  });

  it('with mutual TLS, refuse a connection without a client certificate, with one of another CA, and in plaintext', async () => {
    const address = await serve(mutual);
    await expect(health(address, clientAs(undefined))).rejects.toThrow();
    await expect(health(address, clientAs(certs.stranger))).rejects.toThrow();
    await expect(health(address, grpc.credentials.createInsecure())).rejects.toThrow();
    // The server is up all along: only the callers' credentials differed.
    expect(await health(address, clientAs(certs.client))).toBe('SERVING');
  });

  it('with TLS alone (no client CA), serve any TLS client that trusts the server, and refuse plaintext', async () => {
    const address = await serve({ ...mutual, OW_GRPC_TLS_CLIENT_CA_FILE: '' });
    expect(await health(address, clientAs(undefined))).toBe('SERVING');
    await expect(health(address, grpc.credentials.createInsecure())).rejects.toThrow();
  });

  it('without TLS settings, serve plaintext as before', async () => {
    const address = await serve(plaintext);
    expect(await health(address, clientCredentials(plaintext))).toBe('SERVING');
  });
});
