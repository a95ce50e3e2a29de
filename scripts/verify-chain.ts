/**
 * `npm run verify-chain [-- --data-dir <dir>] [--service <name> ...] [--expect-anchor <digest>]`
 *
 * Verifies the hash chain of every stream in every service's event store (store/hash-chain.ts):
 * the embedded stores in OW_DATA_DIR (the same default as `npm start`, which must be stopped: one
 * process owns a store), or with OW_STORE=postgres or mongodb each service's schema or database. Prints, per service, the
 * streams and events checked and, for each broken stream, its first broken link: service, stream
 * id, version and why. Then the anchor: a digest of every stream head, to record somewhere the
 * platform's administrators cannot write and to compare later with --expect-anchor (meaningful on a
 * store nobody has appended to since, such as a backup).
 * Never prints an event's content: payloads hold personal data; stream ids and versions do not.
 * Never writes to what it checks: stores are opened read-only, with no migration, index or
 * chaining, so a store from before tamper evidence (never chained) is refused, not migrated.
 *
 * Exit status: 0 every chain holds (and the anchor matches, if given); 1 a chain is broken or the
 * anchor differs; 2 a usage error, or a store that could not be read (in use, or never chained).
 */
import { existsSync } from 'node:fs';
import { embeddedEventStorePath, openEventStoreForReading } from '../services/host/stores.ts';
import { ConfigurationError, loadConfiguration } from '../services/host/configuration.ts';
import { type ServiceName, serviceNames } from '../services/contracts/service-names.ts';
import { type StoreChainReport, verifyStoreChain } from '../services/platform/store/chain-verifier.ts';
import { PreChainStoreError, algorithmOf, anchorOf, breakExplanations } from '../services/platform/store/hash-chain.ts';
import { parseCommandLine, usageError as exitCalledWrongly } from './lib/command-line.ts';
import { progressBar } from './lib/progress-bar.ts';

const HELP = `usage: npm run verify-chain -- [--data-dir <dir>] [--service <${serviceNames.join('|')}> ...] [--expect-anchor <algorithm:hex>]

Verifies the hash chain of every stream of every service's event store (OW_DATA_DIR, or OW_STORE's
shared store), read only; prints each broken stream's first broken link, then the anchor (a digest
of every stream head) to record and compare later with --expect-anchor. Shows progress on a terminal.
Exit status: 0 every chain holds; 1 a chain is broken or the anchor differs; 2 called wrongly, or a
store that cannot be read.`;

function usageError(message: string): never {
  return exitCalledWrongly('verify-chain', message);
}

const { values } = parseCommandLine('verify-chain', HELP, {
  options: {
    'data-dir': { type: 'string' },
    service: { type: 'string', multiple: true },
    'expect-anchor': { type: 'string' },
  },
});
const unknown = (values.service ?? []).filter((name) => !(serviceNames as readonly string[]).includes(name));
if (unknown.length) usageError(`no service ${unknown.join(', ')}`);
const expected = values['expect-anchor'];
if (expected !== undefined && (!algorithmOf(expected) || !/^[a-z0-9]+:[0-9a-f]{64}$/.test(expected))) {
  usageError('--expect-anchor takes a digest as this command prints it, e.g. sm3:<64 hex digits>');
}

let config;
try {
  config = loadConfiguration({ ...process.env, ...(values['data-dir'] ? { OW_DATA_DIR: values['data-dir'] } : {}) });
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  usageError(error.message);
}

const wanted = (values.service ?? [...serviceNames]) as ServiceName[];
// Embedded: only the stores that exist (opening a missing one would create it).
const services = config.OW_STORE !== 'embedded' ? wanted : wanted.filter((service) => existsSync(embeddedEventStorePath(config.OW_DATA_DIR, service)));
if (values.service && services.length < wanted.length) {
  usageError(`no event store for ${wanted.filter((s) => !services.includes(s)).join(', ')} in ${config.OW_DATA_DIR}`);
}
if (services.length === 0) usageError(`no event store in ${config.OW_DATA_DIR} (set OW_DATA_DIR or --data-dir to the platform's data directory)`);

const reports: StoreChainReport[] = [];
try {
  for (const service of services) {
    const store = await openEventStoreForReading(config, service);
    const progress = progressBar(service, await store.headPosition(), 'events');
    try {
      reports.push(await verifyStoreChain(store, (checked) => progress.update(checked)));
    } finally {
      progress.stop();
      await store.close();
    }
  }
} catch (error) {
  const hint = error instanceof PreChainStoreError ? '; start the platform once to migrate it, or verify a migrated copy' : '';
  process.stderr.write(`cannot verify: ${(error as Error).message}${hint}\n`);
  process.exit(2);
}

const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

let broken = 0;
for (const report of reports) {
  const problems = report.breaks.length + (report.missingPositions > 0 ? 1 : 0);
  broken += problems;
  const summary = problems === 0 ? 'intact' : counted(report.breaks.length, 'broken stream');
  process.stdout.write(`${report.service}: ${counted(report.streams, 'stream')}, ${counted(report.events, 'event')} checked: ${summary}\n`);
  for (const { streamId, version, reason } of report.breaks) {
    process.stdout.write(`BROKEN ${report.service} ${streamId} version ${version}: ${reason} (${breakExplanations[reason]})\n`);
  }
  if (report.missingPositions > 0) {
    process.stdout.write(`BROKEN ${report.service} global feed: ${report.missingPositions} position(s) up to the store's last hold no event (deleted events)\n`);
  }
}

const anchorAlgorithm = (expected && algorithmOf(expected)) || config.OW_EVENT_CHAIN_HASH;
const heads = reports.flatMap((report) => report.heads.map((head) => ({ service: report.service, head })));
const anchor = anchorOf(anchorAlgorithm, heads);
process.stdout.write(`anchor ${anchor} (${heads.length} stream heads of ${services.join(', ')}; record it to compare later with --expect-anchor)\n`);
const anchorDiffers = expected !== undefined && expected !== anchor;
if (anchorDiffers) process.stdout.write(`ANCHOR DIFFERS: expected ${expected}; the stream heads are not those recorded\n`);

const events = reports.reduce((sum, report) => sum + report.events, 0);
if (broken === 0 && !anchorDiffers) {
  process.stdout.write(`verify-chain: intact (${reports.length} services, ${events} events)\n`);
} else {
  process.stdout.write(`verify-chain: BROKEN${broken ? ` (${counted(broken, 'finding')})` : ''}${anchorDiffers ? ' (anchor differs)' : ''}\n`);
  process.exitCode = 1;
}
