/**
 * `npm start`: the whole platform in one process on the embedded stores (BRIEF §7). With
 * OW_SERVICES and OW_BUS=kafka the same entry point runs one service (or several) of a
 * distributed installation; `npm run start:services` starts the four that way.
 * Configuration comes from the environment (docs/configuration.md).
 */
import { ConfigurationError, loadConfiguration } from '../platform/config/configuration.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { stopOnSignals } from '../platform/runtime/service-runtime.ts';
import { startPlatform } from './platform.ts';

function configurationOrExit() {
  try {
    return loadConfiguration();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

const config = configurationOrExit();
const logger = createLogger({ level: config.OW_LOG_LEVEL });
const platform = await startPlatform({ config, logger });
stopOnSignals(platform, logger);

const lines = Object.entries(platform.modules).map(
  ([name, module]) => `  ${name.padEnd(13)} ${platform.endpoints[name]}  ${module.protoServices.join(', ')}`,
);
process.stdout.write(
  `OneWindow is up (${config.OW_BUS === 'kafka' ? 'events over Kafka' : 'embedded mode'}, data in ${config.OW_DATA_DIR}). gRPC endpoints:\n${lines.join('\n')}\n` +
    'Each serves grpc.health.v1 and server reflection. Try: npm run demo\n',
);
