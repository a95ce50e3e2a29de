/**
 * `npm run rebuild -- <service> [<projection> ...]`: rebuilds read models from the events, with the
 * service stopped (embedded mode: `npm start` stopped, same OW_DATA_DIR; distributed mode: the
 * Deployment scaled to zero, run with the service's environment, e.g. as a Kubernetes Job).
 * Without projection names it lists them. Waits until each has caught up, then stops.
 */
import { parseArgs } from 'node:util';
import { allServices } from '../services/host/all-in-one/all-in-one.ts';
import { startPlatform } from '../services/host/start-platform.ts';
import { ConfigurationError, loadConfiguration } from '../services/host/configuration.ts';
import { createLogger } from '../services/platform/logging/logger.ts';
import { type ServiceName, serviceNames } from '../services/contracts/service-names.ts';
import { onFreePorts } from './lib/local-platform-settings.ts';

const { positionals } = parseArgs({ allowPositionals: true });
const [service, ...wanted] = positionals;
if (!service || !(serviceNames as readonly string[]).includes(service)) {
  process.stderr.write(`usage: npm run rebuild -- <${serviceNames.join('|')}> [<projection> ...]\n`);
  process.exit(64);
}

let config;
try {
  // Only that service, on no port anyone uses; the embedded bus runs all four, so embedded mode starts them all.
  const only = process.env['OW_BUS'] === 'kafka' ? { OW_SERVICES: service } : {};
  config = loadConfiguration({ ...process.env, ...only, ...onFreePorts, OW_HOST: '127.0.0.1' });
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
const logger = createLogger({ level: 'warn' });
const platform = await startPlatform({ config, logger }, allServices);
try {
  const runners = platform.modules[service as ServiceName]!.projections;
  const names = runners.map((runner) => runner.name);
  const unknown = wanted.filter((name) => !names.includes(name));
  if (wanted.length === 0 || unknown.length) {
    process.stderr.write(`${unknown.length ? `no projection ${unknown.join(', ')} in ${service}; ` : ''}${service}'s projections: ${names.join(', ')}\n`);
    process.exitCode = unknown.length ? 64 : 0;
  } else {
    for (const runner of runners.filter((r) => wanted.includes(r.name))) {
      const started = performance.now();
      await runner.rebuild();
      while ((await runner.lag()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      process.stdout.write(`${service}/${runner.name}: rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
} finally {
  await platform.stop();
}
