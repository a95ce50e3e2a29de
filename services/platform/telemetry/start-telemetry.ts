/**
 * OpenTelemetry for one OneWindow process, started by each entry point before anything else is
 * imported (the entry points import the rest dynamically afterwards), so that the grpc-js, kafkajs,
 * mongoose and http instrumentations can patch those modules as they load.
 *
 * Configured by the standard OTEL_* variables (OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER,
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES...). Off unless asked
 * for: an exporter named, or an OTLP endpoint given. So `npm start` on a township's box exports
 * nothing, `OTEL_TRACES_EXPORTER=console npm start` prints spans, and the Kubernetes manifests set
 * an OTLP endpoint. Imports none of the instrumented libraries (of OneWindow only tracing.ts, which
 * imports none either).
 */
import { register } from 'node:module';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { recordSpans } from './tracing.ts';

export interface Telemetry {
  readonly tracing: boolean;
  readonly metrics: boolean;
  /** Flushes what is buffered and stops exporting (on shutdown, after the services stopped). */
  shutdown(): Promise<void>;
}

/** The modules the instrumentations patch: only these go through the ESM loader hook. */
const INSTRUMENTED = ['@grpc/grpc-js', 'kafkajs', 'mongoose', 'pg', 'pg-pool', 'http', 'https', 'node:http', 'node:https'];

/**
 * Which signals are exported, from the environment; sets the SDK's defaults where unset (in the
 * process's environment, which is where the SDK reads them).
 */
function telemetrySettings(environment: NodeJS.ProcessEnv, serviceName: string): { tracing: boolean; metrics: boolean } {
  const disabled = environment['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true';
  const endpoint = Boolean(environment['OTEL_EXPORTER_OTLP_ENDPOINT'] || environment['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
  environment['OTEL_TRACES_EXPORTER'] ||= endpoint ? 'otlp' : 'none';
  environment['OTEL_METRICS_EXPORTER'] ||= endpoint || environment['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] ? 'otlp' : 'none';
  // Logs are JSON lines on stdout (pino), collected by the platform's log agent.
  environment['OTEL_LOGS_EXPORTER'] ||= 'none';
  environment['OTEL_SERVICE_NAME'] ||= serviceName;
  const named = (variable: string) => !disabled && environment[variable]!.split(',').some((name) => !['none', ''].includes(name.trim()));
  return { tracing: named('OTEL_TRACES_EXPORTER'), metrics: named('OTEL_METRICS_EXPORTER') };
}

/**
 * Starts the SDK if the environment asks for it. Tests pass their own span processors and metric
 * readers (in memory) instead of exporters.
 */
export function startTelemetry(options: { serviceName: string; spanProcessors?: SpanProcessor[]; metricReaders?: IMetricReader[] }): Telemetry {
  const settings = telemetrySettings(process.env, options.serviceName);
  const tracing = settings.tracing || Boolean(options.spanProcessors);
  const metrics = settings.metrics || Boolean(options.metricReaders);
  if (!tracing && !metrics) return { tracing, metrics, shutdown: async () => {} };
  // grpc-js, kafkajs, mongoose and pg are CommonJS packages imported from ES modules: only the ESM
  // loader hook lets the instrumentations see them load.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: INSTRUMENTED } });
  const sdk = new NodeSDK({
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    ...(options.metricReaders ? { metricReaders: options.metricReaders } : {}),
    instrumentations: [
      new GrpcInstrumentation(),
      new HttpInstrumentation(),
      new KafkaJsInstrumentation(),
      // Statements name the fields a query uses, never their values (an ID number, a phone).
      new MongooseInstrumentation({ dbStatementSerializer: (operation, payload) => JSON.stringify({ operation, fields: Object.keys(payload.condition ?? {}) }) }),
      // Statements carry $n parameters, never their values (enhancedDatabaseReporting off).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  recordSpans(tracing);
  return { tracing, metrics, shutdown: async () => (recordSpans(false), await sdk.shutdown()) };
}
