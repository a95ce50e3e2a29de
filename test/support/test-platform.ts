import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type AllInOne, startAllInOne } from '../../services/all-in-one/all-in-one.ts';
import { loadConfiguration } from '../../services/platform/config/configuration.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import type { Clock } from '../../services/platform/time/clock.ts';
import type { Endpoints } from '../../scripts/lib/channel-clients.ts';

export interface TestPlatform {
  readonly platform: AllInOne;
  readonly endpoints: Endpoints;
  readonly dataDir: string;
  /** Every log line the platform wrote, for tests that scan them. */
  readonly logLines: string[];
  stop(): Promise<void>;
}

/** The embedded all-in-one platform on free ports and a fresh data directory, logging to memory. */
export async function startTestPlatform(environment: NodeJS.ProcessEnv = {}, options: { clock?: Clock } = {}): Promise<TestPlatform> {
  const dataDir = environment.OW_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'ow-platform-'));
  const config = loadConfiguration({
    OW_DATA_DIR: dataDir,
    OW_ACCEPTANCE_PORT: '0',
    OW_APPROVAL_PORT: '0',
    OW_SUPERVISION_PORT: '0',
    OW_NOTIFICATION_PORT: '0',
    OW_SHUTDOWN_GRACE_MS: '2000',
    ...environment,
  });
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }),
  });
  const platform = await startAllInOne({ config, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const { acceptance, approval, supervision, notification } = platform.endpoints as Record<keyof Endpoints, string>;
  return { platform, endpoints: { acceptance, approval, supervision, notification }, dataDir, logLines, stop: () => platform.stop() };
}

/** Polls until `condition` holds or the time is up. */
export async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
