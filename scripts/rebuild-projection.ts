/**
 * `npm run rebuild -- <service> [<projection> ...]`: rebuilds read models from the events, with the
 * service stopped (embedded mode: `npm start` stopped, same OW_DATA_DIR; distributed mode: the
 * Deployment scaled to zero, run with the service's environment, e.g. as a Kubernetes Job).
 * Without projection names it lists them. Waits until each has caught up, then stops.
 */
import { allServices } from '../services/host/all-in-one/all-in-one.ts';
import { startPlatform } from '../services/host/start-platform.ts';
import { ConfigurationError, loadConfiguration } from '../services/host/configuration.ts';
import { createLogger } from '../services/platform/logging/logger.ts';
import { type ServiceName, serviceNames } from '../services/contracts/service-names.ts';
import { parseCommandLine, usageError } from './lib/command-line.ts';
import { onFreePorts } from './lib/local-platform-settings.ts';
import { progressBar } from './lib/progress-bar.ts';

const HELP = `usage: npm run rebuild -- <${serviceNames.join('|')}> [<projection> ...]

Rebuilds a service's read models from its events, with the service stopped (embedded mode: npm start
stopped, the same OW_DATA_DIR; distributed mode: the service scaled to zero, run with its settings).
Without projection names it lists them. Shows progress on a terminal.
Exit status: 0 done; 2 called wrongly; 64 no such projection; 78 a setting is wrong.`;

const { positionals } = parseCommandLine('rebuild', HELP, { allowPositionals: true });
const [service, ...wanted] = positionals;
if (!service || !(serviceNames as readonly string[]).includes(service)) usageError('rebuild', `name a service: ${serviceNames.join(', ')}`);

let config;
try {
  // Only that service, on no port anyone uses; the embedded bus runs all four, so embedded mode starts them all.
  const only = process.env['OW_BUS'] === 'kafka' ? { OW_SERVICES: service } : {};
  // No console either: it would need the services this process does not run.
  config = loadConfiguration({ ...process.env, ...only, ...onFreePorts, OW_CONSOLE_PORT: 'off', OW_HOST: '127.0.0.1' });
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
      const total = await runner.lag();
      const progress = progressBar(`${service}/${runner.name}`, total, 'events');
      for (let lag = total; lag > 0; lag = await runner.lag()) {
        progress.update(total - lag);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      progress.update(total);
      progress.stop();
      process.stdout.write(`${service}/${runner.name}: rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
} finally {
  await platform.stop();
}
