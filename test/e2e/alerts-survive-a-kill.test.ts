import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AcceptCaseRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { type Endpoints, call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { operator } from '../support/administration.ts';
import { people } from '../support/channels.ts';
import { type RunningChild, startChild } from '../support/child-process.ts';
import { waitUntil } from '../support/test-platform.ts';
import { developmentTokens, onFreePorts } from '../../scripts/lib/local-platform-settings.ts';

const SERVICES = ['acceptance', 'approval', 'supervision', 'notification'] as const;

/** `npm start` on a data directory, as an operator runs it; resolves with its endpoints. */
async function startPlatform(dataDir: string, sweepMs: number): Promise<{ child: RunningChild; endpoints: Endpoints }> {
  const child = startChild('npm', ['start', '--silent'], {
    OW_DATA_DIR: dataDir,
    ...onFreePorts,
    ...developmentTokens,
    OW_SUPERVISION_SWEEP_MS: String(sweepMs),
    // The test polls as one supervisor, faster than the default rate limit allows.
    OW_RATE_LIMIT_PER_SECOND: '0',
  });
  await child.waitFor(/Try: npm run demo/);
  // The first round looks for what fell due while the platform was down; the next is a sweep away.
  await child.waitFor(/supervision timers: first round done/, 90_000);
  const endpoints = Object.fromEntries(SERVICES.map((name) => [name, child.output().match(new RegExp(`^\\s+${name}\\s+(\\S+:\\d+)`, 'm'))![1]!])) as unknown as Endpoints;
  return { child, endpoints };
}

/**
 * Timers are durable (issue: "after a restart every due alert fires exactly once"): the process is
 * killed with SIGKILL after an alert fell due and before any sweep raised it.
 */
describe('an alert due when the platform is killed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ow-kill-'));
  let running: RunningChild | undefined;
  afterAll(() => running?.killAll());

  it('is raised exactly once after the restart, and stays one through another', async () => {
    // A sweep only every 24 hours: nothing raises the alert before the kill.
    const first = await startPlatform(dataDir, 86_400_000);
    running = first.child;
    let clients = connect(first.endpoints);
    const supervisor = callerMetadata(people.supervisor, 'pc');
    let caseNumber = '';
    try {
      // A jurisdiction that warns 20 working days ahead: a 10-day promise is yellow from its first day.
      await call(clients.supervision.setSupervisionPolicy, clients.supervision, {
        requestId: randomUUID(),
        policy: { regionCode: '350102', yellowWorkingDaysLeft: 20, yellowElapsedPercent: 80, contactWorkingDays: 1, rectifyWorkingDays: 5, ratingInvitationDays: 3, pauseMaxWorkingDays: 20 },
      }, callerMetadata(operator, 'pc'));
      const item = catalogSeed[0]!;
      ({ caseNumber } = await call(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
        requestId: randomUUID(), itemCode: item.itemCode, submittedRegionCode: '350102',
        applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_C' as const })),
      }), callerMetadata(people.applicant, 'pc')));
      await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), callerMetadata(people.countyClerk, 'counter'));
      await waitUntil('supervision to watch the case, the alert scheduled and not raised', async () => {
        const { clock } = await call(clients.supervision.getCaseClock, clients.supervision, { caseNumber, consistencyToken: '' }, supervisor).catch(() => ({ clock: undefined }));
        return clock?.status === 'CLOCK_STATUS_RUNNING';
      });
      const { clock } = await call(clients.supervision.getCaseClock, clients.supervision, { caseNumber, consistencyToken: '' }, supervisor);
      expect(clock?.alerts).toEqual([]);
    } finally {
      clients.close();
    }
    first.child.killAll();
    await first.child.exited;

    const raisedAlerts = async (endpoints: Endpoints) => {
      clients = connect(endpoints);
      try {
        const { clock } = await call(clients.supervision.getCaseClock, clients.supervision, { caseNumber, consistencyToken: '' }, supervisor);
        const { entries } = await call(clients.supervision.traceCase, clients.supervision, { caseNumber, consistencyToken: '' }, supervisor);
        return { alerts: clock?.alerts ?? [], raisedEvents: entries.filter((e) => e.eventType === 'caseAlertRaised').length };
      } finally {
        clients.close();
      }
    };
    // Restarted with a sweep every 200 ms: the alert comes once, however many sweeps follow.
    const second = await startPlatform(dataDir, 200);
    running = second.child;
    await waitUntil('the alert after the restart', async () => (await raisedAlerts(second.endpoints)).alerts.length > 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const afterRestart = await raisedAlerts(second.endpoints);
    expect(afterRestart.alerts.map((a) => `${a.deadlineKind} ${a.level}`)).toEqual(['DEADLINE_KIND_PROMISED ALERT_LEVEL_YELLOW']);
    second.child.killAll();
    await second.child.exited;

    const third = await startPlatform(dataDir, 200);
    running = third.child;
    await waitUntil('the trace after the second restart', async () => (await raisedAlerts(third.endpoints)).raisedEvents > 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await raisedAlerts(third.endpoints)).toMatchObject({ alerts: [{ level: 'ALERT_LEVEL_YELLOW', deadlineKind: 'DEADLINE_KIND_PROMISED' }], raisedEvents: 1 });
  }, 120_000);
});
