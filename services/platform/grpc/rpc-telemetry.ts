import { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import type * as grpc from '@grpc/grpc-js';
import { statusCodeOf } from './error-mapper.ts';
import type { CallInterceptor } from './interceptors.ts';
import { meterOf } from '../telemetry/metrics.ts';
import { SpanKind, attributeNames, inSpan, tracerOf, w3c } from '../telemetry/tracing.ts';

const metadataGetter = {
  get: (metadata: grpc.Metadata, key: string) => metadata.get(key).filter((value): value is string => typeof value === 'string'),
  keys: (metadata: grpc.Metadata) => Object.keys(metadata.getMap()),
};

/**
 * The outermost interceptor of every server: a span per call and the call's duration, by method
 * and status code. With the grpc-js instrumentation loaded the call already has a SERVER span and
 * this one is its child; without it (tests, or instrumentation off) this is the SERVER span,
 * continuing the caller's `traceparent`.
 */
export function rpcTelemetry(service: string): CallInterceptor {
  const tracer = tracerOf(service);
  const duration = meterOf(service).createHistogram('rpc.server.call.duration', {
    description: 'Time to answer a gRPC call, by method and status code.',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
  });
  return (call, next) => {
    const instrumented = trace.getActiveSpan() !== undefined;
    const parent = instrumented ? context.active() : w3c.extract(ROOT_CONTEXT, call.metadata, metadataGetter);
    const [rpcService = '', method = ''] = call.path.slice(1).split('/');
    const attributes = { 'rpc.system': 'grpc', 'rpc.service': rpcService, 'rpc.method': method };
    const started = performance.now();
    return inSpan(tracer, call.path.slice(1), { kind: instrumented ? SpanKind.INTERNAL : SpanKind.SERVER, attributes, parent }, async (span) => {
      let code = 0;
      try {
        return await next();
      } catch (error) {
        code = statusCodeOf(error);
        throw error;
      } finally {
        span.setAttribute('rpc.grpc.status_code', code);
        if (call.channel) span.setAttribute(attributeNames.channel, call.channel);
        duration.record((performance.now() - started) / 1000, { ...attributes, 'rpc.grpc.status_code': code });
      }
    });
  };
}
