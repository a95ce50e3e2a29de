import { afterAll, beforeAll } from 'vitest';
import { connect } from '../../scripts/lib/channel-clients.ts';
import type { Clock } from '../../services/platform/time/clock.ts';
import { type TestPlatform, startTestPlatform } from './test-platform.ts';

export interface PlatformSuite {
  readonly test: TestPlatform;
  readonly clients: ReturnType<typeof connect>;
}

/** A platform and clients of all four services for the enclosing describe block, stopped after it. */
export function platformForSuite(environment: NodeJS.ProcessEnv = {}, options: { clock?: Clock } = {}): PlatformSuite {
  let started: PlatformSuite | undefined;
  beforeAll(async () => {
    const test = await startTestPlatform(environment, options);
    started = { test, clients: connect(test.endpoints) };
  }, 30_000);
  afterAll(async () => {
    started?.clients.close();
    await started?.test.stop();
  });
  const get = () => started ?? (() => { throw new Error('the platform is used outside a test of its suite'); })();
  return { get test() { return get().test; }, get clients() { return get().clients; } };
}
