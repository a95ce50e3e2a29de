import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth } from '../../services/platform/grpc/probes.ts';
import { type RunningChild, startChild } from '../support/child-process.ts';
import { localPlatformSettings } from '../../scripts/lib/local-platform-settings.ts';

const root = join(import.meta.dirname, '..', '..');
const ENTRYPOINTS = ['acceptance', 'approval', 'supervision', 'notification', 'all-in-one'].map((name) => `dist/services/host/${name}/main.js`);

/** The compiled entry points the container image runs: `npm run build` makes them, and they start. */
describe('npm run build', () => {
  const named = [...new Set(readFileSync(join(root, 'Dockerfile'), 'utf8').match(/dist\/services\/host\/[a-z-]+\/main\.js/g) ?? [])];
  const running: RunningChild[] = [];

  beforeAll(() => {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => running.forEach((child) => child.killAll()));

  it('makes every entry point the Dockerfile names', () => {
    expect(named.sort()).toEqual([...ENTRYPOINTS].sort());
    for (const entrypoint of named) expect(existsSync(join(root, entrypoint)), entrypoint).toBe(true);
  });

  it('runs the compiled all-in-one platform, serving health checks', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ow-dist-'));
    const child = startChild(process.execPath, [join(root, 'dist/services/host/all-in-one/main.js')], {
      ...localPlatformSettings(dataDir), OW_LOG_LEVEL: 'warn',
    }, tmpdir());
    running.push(child);
    const [, address] = await child.waitFor(/acceptance\s+(\S+:\d+)/, 30_000);
    expect(await checkHealth(address!)).toBe('SERVING');
    child.child.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
  }, 60_000);

  it('runs one service per entry point, refusing a configuration it cannot run', async () => {
    // One service alone needs Kafka: the entry point says so and exits with EX_CONFIG (78).
    const child = startChild(process.execPath, [join(root, 'dist/services/host/approval/main.js')], { OW_BUS: 'embedded', OW_SERVICES: '' }, tmpdir());
    running.push(child);
    expect((await child.exited).code).toBe(78);
    expect(child.output()).toContain('OW_BUS: must be kafka when OW_SERVICES runs only some of the services');
  }, 60_000);
});
