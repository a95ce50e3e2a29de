/**
 * Services of the threaded all-in-one platform (threads.ts), run in a worker thread: their own
 * telemetry, stores, gRPC servers and background work, on the embedded bus every thread shares.
 * Tells the main thread where they listen, and stops when told.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ServiceName } from '../../contracts/service-names.ts';
import { startTelemetry } from '../../platform/telemetry/start-telemetry.ts';

export interface ServiceThreadData {
  readonly services: readonly ServiceName[];
}

/** Where one service of a thread listens. */
export interface ServiceEndpoint {
  readonly service: ServiceName;
  readonly endpoint: string;
  readonly protoServices: readonly string[];
}

/** What a service thread tells the main thread. */
export type ServiceThreadMessage = { readonly kind: 'up'; readonly endpoints: readonly ServiceEndpoint[]; readonly telemetry: string } | { readonly kind: 'stopped' };

const { services } = workerData as ServiceThreadData;
const port = parentPort!;
// Telemetry first: the rest is imported only now, so the instrumentations see its libraries load.
const telemetry = startTelemetry({ serviceName: services.length === 1 ? `onewindow-${services[0]}` : 'onewindow' });
const { loadConfiguration } = await import('../configuration.ts');
const { createLogger } = await import('../../platform/logging/logger.ts');
const { startPlatform } = await import('../start-platform.ts');
const { hostedServiceLoaders } = await import('./hosted-services.ts');

const config = loadConfiguration();
const logger = createLogger({ level: config.OW_LOG_LEVEL });
const platform = await startPlatform({ config, logger, thread: services }, await Promise.all(services.map((service) => hostedServiceLoaders[service]())));
port.on('message', (message: 'stop') => {
  if (message !== 'stop') return;
  void (async () => {
    await platform.stop();
    await telemetry.shutdown();
    port.postMessage({ kind: 'stopped' } satisfies ServiceThreadMessage);
    port.close();
  })();
});
port.postMessage({
  kind: 'up',
  endpoints: services.map((service) => ({ service, endpoint: platform.endpoints[service]!, protoServices: platform.modules[service]!.protoServices })),
  telemetry: [telemetry.tracing && 'traces', telemetry.metrics && 'metrics'].filter(Boolean).join(' and '),
} satisfies ServiceThreadMessage);
