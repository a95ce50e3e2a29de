/**
 * What every entry point runs once telemetry is up: validate the configuration, start the services
 * it asks for, report the endpoints, and stop cleanly on SIGTERM (the Kubernetes drain) or SIGINT.
 */
import type { ServiceName } from '../contracts/service-names.ts';
import { stopOnSignals } from '../platform/service/run-services.ts';
import { createLogger } from '../platform/logging/logger.ts';
import type { Telemetry } from '../platform/telemetry/start-telemetry.ts';
import { configurationOrExit } from './configuration-or-exit.ts';
import type { HostedService } from './hosted-service.ts';
import { startPlatform } from './start-platform.ts';
import { startBrowserEndpoints } from './web-endpoint.ts';

/** Runs the hosted services OW_SERVICES names; `only`: the entry point of that one service. */
export async function run(options: { telemetry: Telemetry; hosted: readonly HostedService[]; only?: ServiceName }): Promise<void> {
  const config = configurationOrExit(options.only);
  const logger = createLogger({ level: config.OW_LOG_LEVEL });
  const platform = await startPlatform({ config, logger }, options.hosted);
  const browsers = await startBrowserEndpoints(config, platform.endpoints, logger);
  stopOnSignals({ ...platform, stop: async () => (await browsers.stop(), await platform.stop(), await options.telemetry.shutdown()) }, logger);

  const lines = Object.entries(platform.modules).map(
    ([name, module]) => `  ${name.padEnd(13)} ${platform.endpoints[name]}  ${module.protoServices.join(', ')}`,
  );
  const telemetry = [options.telemetry.tracing && 'traces', options.telemetry.metrics && 'metrics'].filter(Boolean).join(' and ');
  process.stdout.write(
    `OneWindow is up (${config.OW_BUS === 'kafka' ? 'events over Kafka' : 'embedded mode'}, data in ${config.OW_DATA_DIR}` +
      `${telemetry ? `, exporting ${telemetry}` : ''}). gRPC endpoints:\n${lines.join('\n')}\n` +
      'Each serves grpc.health.v1 and server reflection. Try: npm run demo\n' +
      browsers.banner,
  );
}
