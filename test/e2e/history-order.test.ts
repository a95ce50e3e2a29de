import { afterAll, describe, expect, it } from 'vitest';
import { HistoryEntry } from '../../generated/onewindow/acceptance/v1/case.ts';
import { demoCallers, runDemoFlow } from '../../scripts/demo-flow.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { causingEventOfCase } from '../../services/platform/app/causation.ts';
import { startChild } from '../support/child-process.ts';
import { watch } from '../support/channels.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

/** Each entry as its bytes on the wire, so "the same" means byte for byte. */
const wire = (entries: readonly HistoryEntry[]) => entries.map((entry) => Buffer.from(HistoryEntry.encode(entry).finish()).toString('base64'));

describe('one case history in one order, on every channel, for every watcher, after a rebuild', () => {
  let test: TestPlatform | undefined;
  afterAll(() => test?.stop());

  it('gives watchers opened at different moments, one of them resumed, the sequence GetCaseHistory answers', async () => {
    test = await startTestPlatform();
    const clients = connect(test.endpoints);
    const phone = callerMetadata(demoCallers.applicant, 'mobile');
    const kiosk = callerMetadata(demoCallers.applicant, 'kiosk');
    const counter = callerMetadata(demoCallers.clerk, 'counter');
    type Watcher = ReturnType<typeof watch>;
    const watchers: Record<string, Watcher[]> = { phone: [], kiosk: [], counter: [], late: [] };
    let caseNumber = '';
    let approvals = 0;
    // Watchers join as the case's life goes on; the phone hangs up after the first approval and
    // resumes after the second from the last position it received.
    const { caseNumber: done } = await runDemoFlow(test.endpoints, (line) => {
      const submitted = /^counter: submitted case (\S+)/.exec(line);
      if (submitted) {
        caseNumber = submitted[1]!;
        watchers.phone!.push(watch(clients, caseNumber, phone));
      }
      if (line.startsWith('counter: accepted')) watchers.kiosk!.push(watch(clients, caseNumber, kiosk));
      if (!line.startsWith('approver: approved')) return;
      approvals += 1;
      if (approvals === 1) {
        watchers.counter!.push(watch(clients, caseNumber, counter));
        watchers.phone![0]!.stop();
      }
      if (approvals === 2) {
        const lastSeen = watchers.phone![0]!.entries.at(-1)!.position;
        watchers.phone!.push(watch(clients, caseNumber, phone, lastSeen));
      }
    });
    expect(done).toBe(caseNumber);
    expect(approvals, 'the demo item has at least two approval stages').toBeGreaterThanOrEqual(2);
    watchers.late!.push(watch(clients, caseNumber, counter));

    const history = async (metadata: typeof phone) => (await call(clients.acceptance.getCaseHistory, clients.acceptance, { caseNumber, consistencyToken: '' }, metadata)).entries;
    const seen = (name: string) => watchers[name]!.flatMap((watcher) => watcher.entries);
    // The history has settled once a read equals the one before it and every watcher has it all.
    let asApplicant: HistoryEntry[] = [];
    let asClerk: HistoryEntry[] = [];
    for (let tries = 0; ; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [applicantNow, clerkNow] = [await history(phone), await history(counter)];
      const settled = applicantNow.length === asApplicant.length && Object.keys(watchers).every((name) => seen(name).length === applicantNow.length);
      [asApplicant, asClerk] = [applicantNow, clerkNow];
      if (settled) break;
      if (tries > 60) throw new Error(`the history did not settle: ${asApplicant.length} entries; watchers ${Object.keys(watchers).map((name) => `${name} ${seen(name).length}`).join(', ')}`);
    }
    for (const list of Object.values(watchers)) for (const watcher of list) watcher.stop();
    clients.close();

    expect(asApplicant.length).toBeGreaterThan(20);
    expect(asApplicant.map((entry) => Number(entry.position))).toEqual(asApplicant.map((_, index) => index + 1));
    expect(wire(seen('phone')), 'the phone, resumed').toEqual(wire(asApplicant));
    expect(wire(seen('kiosk')), 'the kiosk').toEqual(wire(asApplicant));
    expect(wire(seen('counter')), 'the counter').toEqual(wire(asClerk));
    expect(wire(seen('late')), 'a watcher of the concluded case').toEqual(wire(asClerk));
    expect(asClerk.map((entry) => entry.eventId)).toEqual(asApplicant.map((entry) => entry.eventId));
    // Causes come before their effects.
    const positionOf = new Map(asApplicant.map((entry) => [entry.eventId, entry.position]));
    for (const entry of asApplicant) {
      const cause = causingEventOfCase(entry.causationId);
      if (cause) expect(positionOf.get(cause), `${entry.eventType} after its cause`).toBeLessThan(entry.position);
    }

    // The history rebuilt from the topics by the operator's command has the same order.
    const { dataDir } = test;
    await test.stop();
    const rebuild = startChild(process.execPath, ['scripts/rebuild-projection.ts', 'acceptance', 'case-history'], { OW_DATA_DIR: dataDir, OW_NOTIFICATION_QUIET_HOURS: '' });
    expect((await rebuild.exited).code, rebuild.output()).toBe(0);
    test = await startTestPlatform({ OW_DATA_DIR: dataDir });
    const rebuilt = connect(test.endpoints);
    try {
      const again = (metadata: typeof phone) => call(rebuilt.acceptance.getCaseHistory, rebuilt.acceptance, { caseNumber, consistencyToken: '' }, metadata);
      expect(wire((await again(phone)).entries)).toEqual(wire(asApplicant));
      expect(wire((await again(counter)).entries)).toEqual(wire(asClerk));
    } finally {
      rebuilt.close();
    }
  }, 120_000);
});
