import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryEntry } from '../../generated/onewindow/acceptance/v1/case.ts';
import { type DemoResult, runDemoFlow } from '../../scripts/demo-flow.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

const SERVICES = ['acceptance', 'approval', 'supervision', 'notification'];

describe('walking skeleton: one case through all four services over gRPC (embedded mode)', () => {
  let test: TestPlatform;
  let result: DemoResult;

  beforeAll(async () => {
    test = await startTestPlatform();
    result = await runDemoFlow(test.endpoints);
  }, 60_000);
  afterAll(() => test?.stop());

  it('builds one history with entries from all four services', () => {
    expect(new Set(result.history.map((e) => e.sourceService))).toEqual(new Set(SERVICES));
    const types = result.history.map((e) => e.eventType);
    for (const type of ['caseSubmitted', 'caseAccepted', 'processStarted', 'taskOpened', 'taskClaimed', 'taskDecided',
      'processConcluded', 'caseConcluded', 'caseClockStarted', 'caseClockStopped', 'notificationQueued', 'notificationSent']) {
      expect(types).toContain(type);
    }
    expect(result.history.every((e) => e.caseNumber === result.caseNumber)).toBe(true);
  });

  it('keeps the history in its one order, causes before effects', () => {
    expect(result.history.map((e) => Number(e.position))).toEqual(result.history.map((_, index) => index + 1));
    const position = (type: string) => result.history.findIndex((e) => e.eventType === type);
    expect(position('caseSubmitted')).toBe(0);
    expect(position('caseAccepted')).toBeLessThan(position('processStarted'));
    expect(position('caseAccepted')).toBeLessThan(position('caseClockStarted'));
    expect(position('processConcluded')).toBeLessThan(position('caseConcluded'));
    expect(position('caseConcluded')).toBeLessThan(position('caseClockStopped'));
  });

  it('shows a second channel, reading with the consistency token, the same history', () => {
    expect(result.historyOnSecondChannel.map((e) => HistoryEntry.toJSON(e))).toEqual(result.history.map((e) => HistoryEntry.toJSON(e)));
    // Read right after the counter accepted, with that write's token: the acceptance is already there.
    expect(result.historyRightAfterAcceptance.map((e) => e.eventType)).toContain('caseAccepted');
  });

  it('records who acted through which channel', () => {
    const submitted = result.history.find((e) => e.eventType === 'caseSubmitted')!;
    expect(submitted.actor).toMatchObject({ subject: 'clerk-gulou-03', role: 'ROLE_CLERK', channel: 'CHANNEL_COUNTER', hallId: 'gulou-hall', windowId: 'window-3' });
    const decided = result.history.find((e) => e.eventType === 'taskDecided')!;
    expect(decided.actor).toMatchObject({ role: 'ROLE_APPROVER', department: 'SCJGJ' });
  });

  it('lets supervision track the clock and notification tell the applicant', () => {
    expect(result.clock).toMatchObject({ status: 'CLOCK_STATUS_STOPPED', withinPromisedLimit: true, withinStatutoryLimit: true });
    expect(result.notifications.map((n) => [n.templateId, n.status])).toEqual([
      ['case-submitted', 'NOTIFICATION_STATUS_SENT'],
      ['case-accepted', 'NOTIFICATION_STATUS_SENT'],
      ['case-concluded', 'NOTIFICATION_STATUS_SENT'],
    ]);
    expect(result.notifications[0]!.maskedAddress).toBe('138****8000');
  });

  it('keeps the applicant\'s ID number, phone and name out of the history and the logs', () => {
    const history = JSON.stringify(result.history.map((e) => HistoryEntry.toJSON(e)));
    const logs = test.logLines.join('');
    for (const secret of ['11010519491231002X', '13800138000', '张三']) {
      expect(history).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(history).toContain('1101**********002X');
  });
});
