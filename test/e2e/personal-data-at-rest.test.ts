import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServiceError, status } from '@grpc/grpc-js';
import { GetCaseRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { runDemoFlow } from '../../scripts/demo-flow.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { demoCallers } from '../../scripts/demo-flow.ts';
import { fieldViolationsOf } from '../../services/platform/grpc/rich-status.ts';
import type { StoredEvent } from '../../services/platform/store/event-store.ts';
import { type Telemetry, startTelemetry } from '../../services/platform/telemetry/start-telemetry.ts';
import { exerciseBackOffice } from '../support/back-office.ts';
import { people } from '../support/channels.ts';
import { unmaskedPersonalData } from '../support/personal-data-scan.ts';
import { exerciseSupervision } from '../support/supervision-office.ts';
import { type TestPlatform, startTestPlatform, waitUntil } from '../support/test-platform.ts';

const SERVICES = ['acceptance', 'approval', 'supervision', 'notification'] as const;
/** The people of the flows: Zhang San (the walking skeleton) and Li Si (back office and 好差评). */
const SECRETS = ['11010519491231002X', '13800138000', '34052419800101001X', '13912345678', 'lisi@example.cn'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Personal data at rest (docs/security.md, PIPL): after whole cases — submission, acceptance, approval,
 * conclusion, notifications, ratings, appeals and orders — no ID number or phone stands in the
 * clear in any stored event, any byte the platform wrote to disk, any log line or any span.
 */
describe('personal data at rest', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  let test: TestPlatform;
  let clients: ReturnType<typeof connect>;
  let caseNumber: string;
  let spans: ReadableSpan[];
  const events: StoredEvent[] = [];

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: 'onewindow', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    test = await startTestPlatform();
    clients = connect(test.endpoints);
    caseNumber = (await runDemoFlow(test.endpoints)).caseNumber;
    await call(clients.notification.setNotificationPreferences, clients.notification, {
      requestId: 'preferences-lisi', channels: ['DELIVERY_CHANNEL_SMS', 'DELIVERY_CHANNEL_EMAIL'], email: 'lisi@example.cn', pushToken: '',
    }, callerMetadata(people.applicant, 'mobile'));
    await exerciseSupervision(clients, await exerciseBackOffice(clients));
    await waitUntil('the platform is idle', async () => {
      const lags = await Promise.all(Object.values(test.platform.modules).flatMap((module) => module.projections.map((runner) => runner.lag())));
      return lags.every((lag) => lag === 0);
    });
    spans = exporter.getFinishedSpans();
    for (const service of SERVICES) events.push(...(await test.platform.dependencies[service].store.readAll(0, 1_000_000)));
  }, 120_000);
  afterAll(async () => {
    clients?.close();
    await test?.stop();
    await telemetry?.shutdown();
  });

  it('stores every event with its personal fields sealed', () => {
    const text = JSON.stringify(events);
    expect(events.length).toBeGreaterThan(100);
    // Not vacuous: the personal fields are there, as sealed values, in all four services' events.
    for (const service of SERVICES) expect(JSON.stringify(events.filter((event) => event.sourceService === service))).toMatch(/pii1\.phone\./);
    expect(unmaskedPersonalData(text)).toEqual([]);
    for (const secret of [...SECRETS, '张三', '李四']) expect(text).not.toContain(secret);
  });

  it('writes no ID number or phone in the clear to any file: stores, read models, bus, keys, outbox', () => {
    const files = filesUnder(test.dataDir);
    expect(files.length).toBeGreaterThan(10);
    const leaks = files.filter((file) => {
      const text = readFileSync(file).toString('utf8');
      return SECRETS.some((secret) => text.includes(secret)) || unmaskedPersonalData(text).some((found) => SECRETS.includes(found));
    });
    expect(leaks.map((file) => file.slice(test.dataDir.length))).toEqual([]);
  });

  it('logs and traces none either', () => {
    const spanText = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, links: span.links.map((l) => l.attributes), status: span.status })));
    expect(spans.length).toBeGreaterThan(100);
    expect(test.logLines.length).toBeGreaterThan(0);
    for (const text of [spanText, ...test.logLines]) {
      expect(unmaskedPersonalData(text)).toEqual([]);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it('refuses a sealed value copied from a stored event into a request, which the response would otherwise open', async () => {
    const sealedPhone = /pii1\.phone\.[^"]+/.exec(JSON.stringify(events))![0];
    const copied = call(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: 'copied-sealed-value', itemCode: 'not-checked-first', submittedRegionCode: '350102',
      applicant: { kind: { $case: 'person', value: { name: sealedPhone, idNumber: '11010519491231002X' } }, phone: '13800138000' },
    }), callerMetadata(demoCallers.clerk, 'counter'));
    const refusal = await copied.then(() => expect.unreachable('the call succeeded'), (error: ServiceError) => error);
    expect(refusal.code).toBe(status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(refusal.metadata).map((violation) => violation.field)).toContain('applicant.person.name');
    expect(refusal.details).not.toContain(sealedPhone);
  });

  it('still shows the applicant and the clerk of the case their data in full, and a supervisor masked', async () => {
    const read = async (who: Parameters<typeof callerMetadata>[0]) =>
      (await call(clients.acceptance.getCase, clients.acceptance, GetCaseRequest.fromPartial({ caseNumber }), callerMetadata(who, 'pc'))).case!.applicant!;
    const full = { kind: { $case: 'person', value: { name: '张三', idNumber: '11010519491231002X' } }, phone: '13800138000' };
    expect(await read(demoCallers.applicant)).toEqual(full);
    expect(await read(demoCallers.clerk)).toEqual(full);
    expect(await read(people.supervisor)).toEqual({ kind: { $case: 'person', value: { name: '张*', idNumber: '1101**********002X' } }, phone: '138****8000' });
  });
});
