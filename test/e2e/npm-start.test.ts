import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth, listServices } from '../../services/platform/grpc/probes.ts';
import { type RunningChild, startChild } from '../support/child-process.ts';
import { onFreePorts } from '../../scripts/lib/local-platform-settings.ts';

const SERVICES = {
  acceptance: 'onewindow.acceptance.v1.AcceptanceService',
  approval: 'onewindow.approval.v1.ApprovalService',
  supervision: 'onewindow.supervision.v1.SupervisionService',
  notification: 'onewindow.notification.v1.NotificationService',
} as const;

/** `npm start` and `npm run demo` exactly as the README tells a newcomer to run them. */
describe('npm start (embedded all-in-one) and npm run demo', () => {
  let platform: RunningChild;
  const endpoints: Record<string, string> = {};
  // The demo signs its callers' tokens with the platform's local key: the same data directory.
  const dataDir = mkdtempSync(join(tmpdir(), 'ow-npm-start-'));

  beforeAll(async () => {
    platform = startChild('npm', ['start', '--silent'], { OW_DATA_DIR: dataDir, ...onFreePorts });
    await platform.waitFor(/Try: npm run demo/);
    for (const [name] of Object.entries(SERVICES)) {
      endpoints[name] = platform.output().match(new RegExp(`^\\s+${name}\\s+(\\S+:\\d+)`, 'm'))![1]!;
    }
  }, 60_000);

  afterAll(() => platform?.killAll());

  it('authenticates callers by signed tokens, with the local key of its data directory', () => {
    expect(platform.output()).toMatch(/"authMode":"jwt","keys":"the local signing key [\w-]+".*"msg":"callers need signed tokens"/);
    expect(platform.output()).not.toContain('NOT authenticated');
  });

  it('prints an endpoint per service, each SERVING its service and listing it by reflection', async () => {
    for (const [name, protoService] of Object.entries(SERVICES)) {
      const address = endpoints[name]!;
      expect(await checkHealth(address)).toBe('SERVING');
      expect(await checkHealth(address, protoService)).toBe('SERVING');
      expect(await listServices(address)).toContain(protoService);
    }
  });

  it('serves the browser API with the example page, and answers a Connect call as the gRPC server does', async () => {
    const url = platform.output().match(/^Browsers: (http:\/\/\S+) /m)![1]!;
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="importmap">\{"imports":\{"@bufbuild\/protobuf":/);
    for (const path of ['/example/app.js', '/es/onewindow/acceptance/v1/acceptance_service_pb.js', '/modules/@connectrpc/connect-web/dist/esm/index.js']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(200);
    }
    // Only those folders: a path that climbs out of one is refused.
    expect([403, 404]).toContain((await fetch(`${url}/modules/@connectrpc/connect/%2e%2e/%2e%2e/%2e%2e/package.json`)).status);
    const anonymous = await fetch(`${url}/onewindow.acceptance.v1.AcceptanceService/ListServiceItems`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('runs the demo against it and prints one history with entries from all four services', async () => {
    const demo = startChild('npm', ['run', 'demo', '--silent', '--', ...Object.entries(endpoints).flatMap(([name, address]) => [`--${name}`, address])], { OW_DATA_DIR: dataDir });
    const { code } = await demo.exited;
    const output = demo.output();
    expect(code, output).toBe(0);
    expect(output).toMatch(/Unified history of case \d{20} \(\d+ entries from 4 services\)/);
    for (const service of Object.keys(SERVICES)) expect(output).toMatch(new RegExp(`\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\s+${service}\\s`));
    expect(output).toContain('sees the same history');
  }, 60_000);

  it('drains, stops cleanly and frees its ports on SIGTERM', async () => {
    // Sent to npm alone, as a process manager would: npm forwards it to the platform ("exec node").
    platform.child.kill('SIGTERM');
    const { code, signal } = await platform.exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(platform.output()).toMatch(/"msg":"shutting down: draining calls"[\s\S]*"msg":"stopped"/);
    await expect(checkHealth(endpoints.acceptance!, '', 500)).rejects.toBeDefined();
  }, 30_000);
});

describe('a bad configuration value', () => {
  it('stops start-up with a non-zero exit and a message naming the variable', async () => {
    const start = startChild('npm', ['start', '--silent'], { OW_ACCEPTANCE_PORT: 'abc', OW_DATA_DIR: mkdtempSync(join(tmpdir(), 'ow-bad-')) });
    const { code } = await start.exited;
    expect(code).not.toBe(0);
    expect(start.output()).toMatch(/Invalid configuration:\n\s+OW_ACCEPTANCE_PORT: must be a whole number from 0 to 65535/);
    expect(start.output()).not.toContain('abc');
  });

  it('exits with EX_CONFIG (78) when run directly', async () => {
    const start = startChild(process.execPath, ['services/host/all-in-one/main.ts'], { OW_BUS_PARTITIONS: 'many' });
    expect((await start.exited).code).toBe(78);
    expect(start.output()).toContain('OW_BUS_PARTITIONS: must be a whole number from 1 to 256');
  });
});
