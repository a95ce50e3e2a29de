/**
 * `npm start`: the whole platform in one process on the embedded stores (docs/architecture.md,
 * "Runtime modes"), its services in worker threads, one per core up to four (threads.ts, OW_THREADS).
 * With OW_SERVICES and OW_BUS=kafka
 * the same entry point runs one service (or several) of a distributed installation in this
 * thread; `npm run start:services` starts the four that way, and each service also has its own
 * entry point (services/host/<service>/main.ts), which the container image runs. Configuration
 * comes from the environment (docs/configuration.md).
 */
import { configurationOrExit } from '../configuration-or-exit.ts';

const config = configurationOrExit(undefined);
if (config.OW_BUS === 'embedded') {
  const { runThreaded } = await import('./threads.ts');
  await runThreaded(config);
} else {
  const { startTelemetry } = await import('../../platform/telemetry/start-telemetry.ts');
  // Telemetry first: the rest is imported only now, so the instrumentations see its libraries load.
  const telemetry = startTelemetry({ serviceName: 'onewindow' });
  const { run } = await import('../run.ts');
  const { allServices } = await import('./all-in-one.ts');
  await run({ telemetry, hosted: allServices });
}
