/**
 * The threaded all-in-one platform (`npm start` on the embedded bus): the four services run in
 * worker threads (service-thread.ts), as many as OW_THREADS says (by default one per core, at most
 * four), so that a small box's cores all do work, with the same stores, the same embedded bus (one
 * file the threads share) and the same delivery semantics as in one thread. This thread only
 * starts them, prints where they listen, and stops them on SIGTERM or SIGINT. A thread that fails
 * ends the platform: Kubernetes or systemd starts it again.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ServiceName } from '../../contracts/service-names.ts';
import type { Configuration } from '../configuration.ts';
import type { ServiceEndpoint, ServiceThreadData, ServiceThreadMessage } from './service-thread.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { startBrowserEndpoints } from '../web-endpoint.ts';

/**
 * Which services share a thread, by number of threads: the busiest (acceptance, which also keeps
 * the unified history of all four) with the lightest. Measured: acceptance about a third of the
 * CPU of a case lifecycle, approval and the others a sixth to a fifth each.
 */
const THREAD_GROUPS: Readonly<Record<number, ReadonlyArray<readonly ServiceName[]>>> = {
  1: [['acceptance', 'approval', 'supervision', 'notification']],
  2: [['acceptance', 'approval'], ['supervision', 'notification']],
  3: [['acceptance'], ['approval', 'supervision'], ['notification']],
  4: [['acceptance'], ['approval'], ['supervision'], ['notification']],
};

/** The default port of the Prometheus exporter (OpenTelemetry's); each thread takes the next one. */
const PROMETHEUS_PORT = 9464;

interface ServiceThread {
  readonly services: readonly ServiceName[];
  readonly worker: Worker;
  readonly up: Promise<Extract<ServiceThreadMessage, { kind: 'up' }>>;
}

/**
 * What ps, top and /proc show for the thread (Linux keeps 15 characters): "ow:acceptance" for one
 * service, "ow:acc+apr" for a few, "ow:all" for the four.
 */
export function threadName(services: readonly ServiceName[]): string {
  if (services.length === 1) return `ow:${services[0]}`;
  return services.length === 4 ? 'ow:all' : `ow:${services.map((service) => service.slice(0, 3)).join('+')}`;
}

function startThread(services: readonly ServiceName[], index: number): ServiceThread {
  const basePort = Number(process.env['OTEL_EXPORTER_PROMETHEUS_PORT'] ?? PROMETHEUS_PORT);
  // service-thread.ts from the sources, service-thread.js from the build (dist/).
  const worker = new Worker(new URL(`./service-thread${extname(fileURLToPath(import.meta.url))}`, import.meta.url), {
    name: threadName(services),
    workerData: { services } satisfies ServiceThreadData,
    // Exporters in one process cannot share a port: the first thread's 9464, the next 9465, ...
    env: { ...process.env, OTEL_EXPORTER_PROMETHEUS_PORT: String(basePort + index) },
  });
  const up = new Promise<Extract<ServiceThreadMessage, { kind: 'up' }>>((resolve, reject) => {
    worker.on('message', (message: ServiceThreadMessage) => message.kind === 'up' && resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the thread of ${services.join(', ')} exited with ${code} before it was up`)));
  });
  return { services, worker, up };
}

/** Asks each thread to stop (drain its calls, finish its batches, close its stores) and waits. */
async function stopThreads(threads: readonly ServiceThread[]): Promise<void> {
  await Promise.all(
    threads.map(
      ({ worker }) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.postMessage('stop');
        }),
    ),
  );
}

export async function runThreaded(config: Configuration): Promise<void> {
  const threads = THREAD_GROUPS[config.OW_THREADS || Math.min(4, availableParallelism())]!.map(startThread);
  let stopping = false;
  for (const { services, worker } of threads) {
    worker.on('error', (error) => {
      process.stderr.write(`the thread of ${services.join(', ')} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
    worker.on('exit', (code) => {
      if (stopping) return;
      process.stderr.write(`the thread of ${services.join(', ')} stopped (exit code ${code}); stopping the platform\n`);
      process.exit(1);
    });
  }
  const ups = await Promise.all(threads.map((thread) => thread.up));
  const endpoints = new Map<ServiceName, ServiceEndpoint>(ups.flatMap((up) => up.endpoints.map((e) => [e.service, e] as const)));
  const browsers = await startBrowserEndpoints(config, Object.fromEntries([...endpoints].map(([service, { endpoint }]) => [service, endpoint])), createLogger({ level: config.OW_LOG_LEVEL }));
  const onSignal = (signal: NodeJS.Signals) => {
    process.once(signal, () => process.exit(130));
    stopping = true;
    browsers.stop().then(() => stopThreads(threads)).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  const lines = (['acceptance', 'approval', 'supervision', 'notification'] as const).map((service) => {
    const { endpoint, protoServices } = endpoints.get(service)!;
    return `  ${service.padEnd(13)} ${endpoint}  ${protoServices.join(', ')}`;
  });
  const telemetry = ups[0]!.telemetry;
  process.stdout.write(
    `OneWindow is up (embedded mode, data in ${config.OW_DATA_DIR}${telemetry ? `, exporting ${telemetry}` : ''}; ` +
      `${threads.length === 1 ? 'one thread' : `${threads.length} threads`}). gRPC endpoints:\n${lines.join('\n')}\n` +
      'Each serves grpc.health.v1 and server reflection. Try: npm run demo\n' +
      browsers.banner,
  );
}
