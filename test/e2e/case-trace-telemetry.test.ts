import { SpanKind } from '@opentelemetry/api';
import { type MetricData, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, runDemoFlow } from '../../scripts/demo-flow.ts';
import type { StoredEvent } from '../../services/platform/store/event-store.ts';
import { type Telemetry, startTelemetry } from '../../services/platform/telemetry/start-telemetry.ts';
import { unmaskedPersonalData } from '../support/personal-data-scan.ts';
import { type TestPlatform, startTestPlatform, waitUntil } from '../support/test-platform.ts';
import { CASES, type CaseDocument } from '../../services/acceptance/app/projections/case-view-projection.ts';

const SERVICES = ['acceptance', 'approval', 'supervision', 'notification'] as const;

/** Collects on demand: the test reads the gauges and histograms as an exporter would. */
class OnDemandReader extends MetricReader {
  protected override onForceFlush = async () => {};
  protected override onShutdown = async () => {};
}

/**
 * The whole flow (submit, accept, approve, conclude, notify) with the OpenTelemetry SDK recording
 * in memory, as `startTelemetry` sets it up for every entry point.
 */
describe('telemetry: one case, one story across the four services', () => {
  const exporter = new InMemorySpanExporter();
  const reader = new OnDemandReader();
  let telemetry: Telemetry;
  let test: TestPlatform;
  let result: DemoResult;
  let spans: ReadableSpan[];
  let storedEvents: Map<string, StoredEvent>;

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: 'onewindow', spanProcessors: [new SimpleSpanProcessor({ exporter })], metricReaders: [reader] });
    test = await startTestPlatform();
    result = await runDemoFlow(test.endpoints);
    // Every relay published and every read model applied: no span is still to come.
    await waitUntil('the platform is idle', async () => {
      const lags = await Promise.all(Object.values(test.platform.modules).flatMap((module) => module.projections.map((runner) => runner.lag())));
      return lags.every((lag) => lag === 0);
    });
    spans = exporter.getFinishedSpans();
    storedEvents = new Map();
    for (const service of SERVICES) {
      for (const event of await test.platform.dependencies[service].store.readAll(0, 100_000)) storedEvents.set(event.eventId, event);
    }
  }, 90_000);
  afterAll(async () => {
    await test?.stop();
    await telemetry?.shutdown();
  });

  const ofCase = () => spans.filter((span) => span.attributes['ow.case_number'] === result.caseNumber);
  const spanIdOf = (traceparent: string) => traceparent.split('-')[2];

  it('has spans from all four services carrying the case number', () => {
    const services = new Set(ofCase().map((span) => span.instrumentationScope.name));
    expect([...services].sort()).toEqual(SERVICES.map((service) => `onewindow.${service}`).sort());
    // Commands, publishes, reactions, projections and deliveries of the case all say which case.
    const names = new Set(ofCase().map((span) => span.name));
    for (const name of ['case SubmitCase', 'publish onewindow.acceptance.v1', 'react follow-acceptance', 'react notify-on-events', 'project case-history', 'deliver sms']) {
      expect(names, name).toContain(name);
    }
  });

  it('stores with each event the span of the command that wrote it', () => {
    const commandSpans = new Set(spans.filter((span) => span.attributes['ow.command'] !== undefined).map((span) => span.spanContext().spanId));
    const events = [...storedEvents.values()].filter((event) => event.correlationId === result.caseNumber);
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) expect(commandSpans.has(spanIdOf(event.traceContext.traceparent)!), `${event.sourceService} ${event.eventType}`).toBe(true);
  });

  it('links every asynchronous hop to the span that caused it', () => {
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const hops = ofCase().filter((span) => span.kind === SpanKind.CONSUMER);
    expect(hops.length).toBeGreaterThan(30);
    for (const hop of hops) {
      // The consumed event (or, for a delivery, the notification's last event) was written under
      // the span the hop links to; it continues that span's trace.
      const event = storedEvents.get(String(hop.attributes['ow.event_id']))!;
      expect(event, `${hop.name}: its event`).toBeDefined();
      expect(hop.links.map((link) => link.context.spanId), hop.name).toEqual([spanIdOf(event.traceContext.traceparent)]);
      const cause = byId.get(hop.links[0]!.context.spanId);
      expect(cause, `${hop.name}: the linked span was recorded`).toBeDefined();
      expect(hop.spanContext().traceId).toBe(cause!.spanContext().traceId);
      expect(hop.parentSpanContext?.spanId).toBe(cause!.spanContext().spanId);
    }
    // The relay's publish spans continue the trace stored with each event.
    for (const publish of ofCase().filter((span) => span.kind === SpanKind.PRODUCER)) {
      const event = storedEvents.get(String(publish.attributes['ow.event_id']))!;
      expect(publish.parentSpanContext?.spanId).toBe(spanIdOf(event.traceContext.traceparent));
    }
  });

  it("is one trace per case from the counter to the applicant's SMS", () => {
    const submitted = ofCase().find((span) => span.name === 'case SubmitCase')!;
    const delivered = ofCase().filter((span) => span.name === 'deliver sms');
    expect(delivered.length).toBe(3);
    // Submission's notification belongs to the submission's trace: RPC → command → publish →
    // notify-on-events → queue → deliver, linked hop by hop.
    expect(delivered.map((span) => span.spanContext().traceId)).toContain(submitted.spanContext().traceId);
  });

  it('puts no ID number, phone number or name on any span', () => {
    const text = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, links: span.links.map((l) => l.attributes), status: span.status })));
    expect(unmaskedPersonalData(text)).toEqual([]);
    for (const secret of ['11010519491231002X', '13800138000', '张三']) expect(text).not.toContain(secret);
  });

  it('measures calls, cases by state, lags and notification outcomes', async () => {
    const { resourceMetrics } = await reader.collect();
    // Each service reports through its own meter: the data points of one name, from all of them.
    const metric = (name: string): { dataPoints: Array<{ attributes: Record<string, unknown>; value: unknown }> } => {
      const found: MetricData[] = (resourceMetrics as ResourceMetrics).scopeMetrics.flatMap((scope) => scope.metrics).filter((m) => m.descriptor.name === name);
      expect(found.length, name).toBeGreaterThan(0);
      return { dataPoints: found.flatMap((m) => m.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>) };
    };
    const point = (name: string, attributes: Record<string, string | number>) =>
      metric(name).dataPoints.find((p) => Object.entries(attributes).every(([key, value]) => p.attributes[key] === value))?.value;

    expect(point('onewindow.cases', { 'ow.case_status': 'CASE_STATUS_CONCLUDED' })).toBe(1);
    // The concluded case's one running deadline is its delivery: provisional if it reaches into a year without a notice.
    const view = await test.platform.dependencies.acceptance!.readModels.get<CaseDocument>(CASES, result.caseNumber);
    expect(view?.status).toBe('CASE_STATUS_CONCLUDED');
    expect(metric('onewindow.deadlines.provisional').dataPoints.map((p) => p.value)).toEqual([view?.provisional ? 1 : 0]);
    // The applicant's three messages and the staff's inbox messages: all sent, no receipts in this flow.
    const sent = [...storedEvents.values()].filter((event) => event.eventType === 'notificationSent').length;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(point('onewindow.notifications', { 'ow.notification_status': 'NOTIFICATION_STATUS_SENT' })).toBe(sent);
    expect(point('onewindow.notifications', { 'ow.notification_status': 'NOTIFICATION_STATUS_QUEUED' })).toBe(0);
    expect(point('onewindow.alerts.open', { 'ow.alert_level': 'ALERT_LEVEL_RED' })).toBe(0);
    expect(metric('onewindow.relay.lag').dataPoints.map((p) => p.value)).toEqual([0, 0, 0, 0]);
    expect(metric('onewindow.projection.lag').dataPoints.every((p) => p.value === 0)).toBe(true);
    expect(metric('onewindow.consumer.lag').dataPoints.length).toBeGreaterThanOrEqual(7);
    const submits = point('rpc.server.call.duration', { 'rpc.method': 'SubmitCase', 'rpc.grpc.status_code': 0 }) as { count: number } | undefined;
    expect(submits?.count).toBe(1);
  });
});
