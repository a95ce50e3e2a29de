import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListServiceItemsRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { call, connect } from '../../scripts/lib/channel-clients.ts';
import { startChild } from '../support/child-process.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

/** `npm run token` with the environment of the platform it is for, as an operator types it. */
async function npmRunToken(args: string[], environment: NodeJS.ProcessEnv): Promise<{ code: number | null; token: string; output: string }> {
  const child = startChild('npm', ['run', '--silent', 'token', '--', ...args], environment);
  const { code } = await child.exited;
  const output = child.output();
  return { code, token: output.trim().split('\n').at(-1) ?? '', output };
}

describe('npm run token, for an embedded platform in OW_AUTH_MODE=jwt', () => {
  let test: TestPlatform;
  let clients: ReturnType<typeof connect>;
  beforeAll(async () => {
    test = await startTestPlatform({ OW_AUTH_MODE: 'jwt' });
    clients = connect(test.endpoints);
  });
  afterAll(async () => {
    clients?.close();
    await test?.stop();
  });

  /** A catalogue query as the token's holder: any authenticated caller may ask it. */
  const askWith = (token: string) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    metadata.set('ow-channel', 'counter');
    return call(clients.acceptance.listServiceItems, clients.acceptance, ListServiceItemsRequest.fromPartial({ keyword: '食品经营许可' }), metadata);
  };
  const clerk = ['--sub', 'clerk-gulou-03', '--role', 'clerk', '--region', '350102', '--hall', 'gulou-hall', '--window', 'window-3'];

  it('prints a token signed with the local key of the data directory, which the platform accepts', async () => {
    const { code, token, output } = await npmRunToken(clerk, { OW_DATA_DIR: test.dataDir });
    expect(code, output).toBe(0);
    expect(token.split('.')).toHaveLength(3);
    expect((await askWith(token)).items.length).toBeGreaterThan(0);
  });

  it('signs an applicant verified as a person, without echoing the ID number when it is invalid', async () => {
    const applicant = await npmRunToken(['--sub', 'applicant-lisi', '--role', 'applicant', '--id-number', '34052419800101001X'], { OW_DATA_DIR: test.dataDir });
    expect((await askWith(applicant.token)).items.length).toBeGreaterThan(0);
    const invalid = await npmRunToken(['--sub', 'applicant-lisi', '--role', 'applicant', '--id-number', '340524198001010019'], { OW_DATA_DIR: test.dataDir });
    expect(invalid.code).toBe(64);
    expect(invalid.output).toMatch(/holder\.idNumber: /);
    expect(invalid.output).not.toContain('340524198001010019');
  });

  it('refuses the system role to anyone but a service:<name> subject', async () => {
    const person = await npmRunToken(['--sub', 'clerk-gulou-03', '--role', 'system'], { OW_DATA_DIR: test.dataDir });
    expect(person.code).toBe(64);
    expect(person.output).toContain('roles: the system role is held alone, by a service:<name> subject');
    const service = await npmRunToken(['--sub', 'service:sms-gateway', '--role', 'system'], { OW_DATA_DIR: test.dataDir });
    expect(service.code, service.output).toBe(0);
  });

  it('is refused by the platform when unsigned (--unsigned) or signed with another data directory\'s key', async () => {
    const unsigned = await npmRunToken([...clerk, '--unsigned'], { OW_DATA_DIR: test.dataDir });
    expect(unsigned.token).toMatch(/^dev\./);
    await expect(askWith(unsigned.token)).rejects.toMatchObject({ code: status.UNAUTHENTICATED, details: 'not a signed token (a JWS in compact form)' });
    const foreign = await npmRunToken(clerk, { OW_DATA_DIR: mkdtempSync(join(tmpdir(), 'ow-other-')) });
    await expect(askWith(foreign.token)).rejects.toMatchObject({ code: status.UNAUTHENTICATED, details: 'no trusted key matches the signed token' });
  });

  it('will not sign for a platform that trusts an identity provider instead (EX_CONFIG)', async () => {
    const { code, output } = await npmRunToken(clerk, { OW_DATA_DIR: test.dataDir, OW_AUTH_JWKS_URL: 'https://idp.example.gov.cn/certs' });
    expect(code).toBe(78);
    expect(output).toContain('its tokens come from that identity provider');
  });
});
