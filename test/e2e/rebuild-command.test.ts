import { afterAll, describe, expect, it } from 'vitest';
import { runDemoFlow } from '../../scripts/demo-flow.ts';
import { HISTORY_ENTRIES } from '../../services/acceptance/app/projections/case-history-projection.ts';
import { startChild } from '../support/child-process.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

/** The operator's command (docs/operations.md, "Replay a projection") on a stopped platform's data. */
describe('npm run rebuild', () => {
  let test: TestPlatform | undefined;
  afterAll(() => test?.stop());

  it('rebuilds a read model from the events to the same documents', async () => {
    test = await startTestPlatform();
    const { caseNumber } = await runDemoFlow(test.endpoints);
    const entries = () => test!.platform.dependencies.acceptance.readModels.find(HISTORY_ENTRIES, { where: { caseNumber }, orderBy: [['id', 'asc']] });
    const before = await entries();
    expect(before.length).toBeGreaterThan(20);
    const { dataDir } = test;
    await test.stop();

    const rebuild = startChild(process.execPath, ['scripts/rebuild-projection.ts', 'acceptance', 'case-history'], { OW_DATA_DIR: dataDir, OW_NOTIFICATION_QUIET_HOURS: '' });
    expect((await rebuild.exited).code, rebuild.output()).toBe(0);
    expect(rebuild.output()).toMatch(/acceptance\/case-history: rebuilt in [\d.]+ s/);

    test = await startTestPlatform({ OW_DATA_DIR: dataDir });
    expect(await entries()).toEqual(before);
  }, 90_000);
});
