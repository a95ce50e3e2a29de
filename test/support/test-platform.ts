import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type AllInOne, startAllInOne } from '../../services/host/all-in-one/all-in-one.ts';
import { loadConfiguration } from '../../services/host/configuration.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import type { Clock } from '../../services/platform/time/clock.ts';
import type { Endpoints } from '../../scripts/lib/channel-clients.ts';
import { unmaskedPersonalData } from './personal-data-scan.ts';
import { localPlatformSettings } from '../../scripts/lib/local-platform-settings.ts';

export interface TestPlatform {
  readonly platform: AllInOne;
  readonly endpoints: Endpoints;
  readonly dataDir: string;
  /** Every log line the platform wrote, for tests that scan them. */
  readonly logLines: string[];
  /** Stops the platform, then fails if a log line or a message in the file outbox holds an unmasked ID
   * number, mobile number or e-mail address. */
  stop(): Promise<void>;
}

/** The embedded all-in-one platform on free ports and a fresh data directory, logging to memory. */
export async function startTestPlatform(environment: NodeJS.ProcessEnv = {}, options: { clock?: Clock } = {}): Promise<TestPlatform> {
  const dataDir = environment.OW_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'ow-platform-'));
  const config = loadConfiguration({ ...localPlatformSettings(dataDir), OW_SHUTDOWN_GRACE_MS: '2000', ...environment });
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }),
  });
  const platform = await startAllInOne({ config, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const { acceptance, approval, supervision, notification } = platform.endpoints as Record<keyof Endpoints, string>;
  const stop = async () => {
    await platform.stop();
    assertNoPersonalData(logLines, dataDir);
  };
  return { platform, endpoints: { acceptance, approval, supervision, notification }, dataDir, logLines, stop };
}

/** Personal data never reaches logs or rendered messages: every platform a test starts is checked. */
function assertNoPersonalData(logLines: readonly string[], dataDir: string): void {
  const outbox = join(dataDir, 'notification', 'outbox.jsonl');
  const texts = [...logLines, ...(existsSync(outbox) ? readFileSync(outbox, 'utf8').split('\n') : [])];
  const leaks = texts.filter((text) => unmaskedPersonalData(text).length > 0);
  // The count and a masked excerpt only: the failure message must not leak the number either.
  if (leaks.length) {
    const excerpt = unmaskedPersonalData(leaks[0]!).reduce((text, found) => text.replaceAll(found, '<personal data>'), leaks[0]!);
    throw new Error(`${leaks.length} log lines or messages hold unmasked personal data, e.g. ${excerpt.slice(0, 300)}`);
  }
}

/** Polls until `condition` holds or the time is up. */
export async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
