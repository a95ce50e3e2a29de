import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryEntry } from '../../generated/onewindow/acceptance/v1/case.ts';
import { ListServiceItemsRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { demoCallers, runDemoFlow } from '../../scripts/demo-flow.ts';
import { catalogSeed, startupItems } from '../../services/acceptance/seed/catalog-seed.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { type TestPlatform, startTestPlatform, waitUntil } from '../support/test-platform.ts';

describe('restarting the embedded platform on the same data directory', () => {
  let current: TestPlatform | undefined;
  afterAll(() => current?.stop());

  it('keeps every case and history, publishes the seed catalog once, and never reuses a case number', async () => {
    current = await startTestPlatform();
    const { dataDir } = current;
    const first = await runDemoFlow(current.endpoints);
    await current.stop();

    current = await startTestPlatform({ OW_DATA_DIR: dataDir });
    expect(current.logLines.join('')).not.toContain('published the seed catalog');
    const clients = connect(current.endpoints);
    const counter = callerMetadata(demoCallers.clerk, 'counter');
    try {
      const { items } = await call(clients.acceptance.listServiceItems, clients.acceptance, ListServiceItemsRequest.fromPartial({}), counter);
      expect(items).toHaveLength(catalogSeed.length + startupItems.length);
      expect(items.every((item) => item.version === 1)).toBe(true);
      const history = async () =>
        (await call(clients.acceptance.getCaseHistory, clients.acceptance, { caseNumber: first.caseNumber, consistencyToken: '' }, counter)).entries;
      await waitUntil('the history to be served after the restart', async () => (await history()).length === first.history.length);
      expect((await history()).map((e) => HistoryEntry.toJSON(e))).toEqual(first.history.map((e) => HistoryEntry.toJSON(e)));
    } finally {
      clients.close();
    }

    const second = await runDemoFlow(current.endpoints);
    expect(second.caseNumber).not.toBe(first.caseNumber);
    expect(Number(second.caseNumber.slice(-6))).toBe(Number(first.caseNumber.slice(-6)) + 1);
    // Nothing of the first case is notified again after the restart, and the second gets as many.
    const delivered = (history: readonly HistoryEntry[]) => history.filter((e) => e.eventType === 'notificationSent').length;
    expect(delivered(second.history)).toBe(delivered(first.history));
    const sent = readFileSync(join(dataDir, 'notification', 'outbox.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).notificationId);
    expect(sent).toHaveLength(delivered(first.history) + delivered(second.history));
    expect(new Set(sent).size).toBe(sent.length);
  }, 90_000);
});
