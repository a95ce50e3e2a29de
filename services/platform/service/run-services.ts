import type { Logger } from '../logging/logger.ts';
import type { ServiceModule } from './service-module.ts';

export interface RunningServices {
  /** "host:port" of each service's gRPC server. */
  readonly endpoints: Readonly<Record<string, string>>;
  /**
   * Graceful stop: servers report NOT_SERVING and drain their calls, then background work stops
   * after the batches in flight, then `release` closes stores and the bus. Safe to call twice.
   */
  stop(): Promise<void>;
}

/** Starts modules' background work, then their gRPC servers; returns how to stop them in order. */
export async function runServices(options: {
  modules: readonly ServiceModule[];
  host: string;
  ports: Readonly<Record<string, number>>;
  graceMs: number;
  logger: Logger;
  release: () => Promise<void>;
}): Promise<RunningServices> {
  const { modules, host, ports, graceMs, logger } = options;
  for (const module of modules) await module.start();
  const endpoints: Record<string, string> = {};
  for (const module of modules) {
    const port = await module.server.start(host, ports[module.name] ?? 0);
    endpoints[module.name] = `${host}:${port}`;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: draining calls');
      await Promise.all(modules.map((module) => module.server.shutdown(graceMs)));
      for (const module of [...modules].reverse()) await module.stop();
      await options.release();
      logger.info('stopped');
    })());
  return { endpoints, stop };
}

/** Stops on SIGTERM or SIGINT, once; a second signal exits at once. */
export function stopOnSignals(running: RunningServices, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    process.once(signal, () => process.exit(130));
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
