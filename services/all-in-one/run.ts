/**
 * What every entry point runs once telemetry is up: validate the configuration, start the services
 * it asks for, report the endpoints, and stop cleanly on SIGTERM (the Kubernetes drain) or SIGINT.
 */
import { ConfigurationError, loadConfiguration } from '../platform/config/configuration.ts';
import { createLogger } from '../platform/logging/logger.ts';
import type { ServiceName } from '../platform/messaging/topics.ts';
import { stopOnSignals } from '../platform/runtime/service-runtime.ts';
import type { Telemetry } from '../platform/telemetry/start-telemetry.ts';
import { startPlatform } from './platform.ts';

/** Exit status for a configuration error (EX_CONFIG of sysexits.h). */
const EX_CONFIG = 78;

function configurationOrExit(only: ServiceName | undefined) {
  try {
    if (only && process.env['OW_SERVICES'] && process.env['OW_SERVICES'] !== only) {
      throw new ConfigurationError(`Invalid configuration:\n  OW_SERVICES: must be empty or "${only}" for the ${only} entry point`);
    }
    return loadConfiguration(only ? { ...process.env, OW_SERVICES: only } : process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EX_CONFIG);
  }
}

export async function run(options: { telemetry: Telemetry; only?: ServiceName }): Promise<void> {
  const config = configurationOrExit(options.only);
  const logger = createLogger({ level: config.OW_LOG_LEVEL });
  const platform = await startPlatform({ config, logger });
  stopOnSignals({ ...platform, stop: async () => (await platform.stop(), await options.telemetry.shutdown()) }, logger);

  const lines = Object.entries(platform.modules).map(
    ([name, module]) => `  ${name.padEnd(13)} ${platform.endpoints[name]}  ${module.protoServices.join(', ')}`,
  );
  const telemetry = [options.telemetry.tracing && 'traces', options.telemetry.metrics && 'metrics'].filter(Boolean).join(' and ');
  process.stdout.write(
    `OneWindow is up (${config.OW_BUS === 'kafka' ? 'events over Kafka' : 'embedded mode'}, data in ${config.OW_DATA_DIR}` +
      `${telemetry ? `, exporting ${telemetry}` : ''}). gRPC endpoints:\n${lines.join('\n')}\n` +
      'Each serves grpc.health.v1 and server reflection. Try: npm run demo\n',
  );
}
