/**
 * `npm run bench`: OneWindow's performance against baselines measured in the same run, on this
 * machine. Prints a table (our figure, the baseline, the ratio, the issue's target) on stdout,
 * progress on stderr, and writes the same as JSON to bench-results/<timestamp>.json and
 * bench-results/latest.json.
 *
 *   npm run bench                      every phase; the rebuild over 1,000,000 events
 *   npm run bench -- --quick           shorter phases, the rebuild over 100,000 events (said in the table)
 *   npm run bench -- --only submit,visibility
 *   npm run bench -- --profile         the platform children run with --cpu-prof and the rebuild is
 *                                      profiled in-process; a summary of where the time went (by area,
 *                                      function and file) is written next to the results
 *
 * Phases: transport, submit, lifecycle, visibility, store, rebuild, statistics (GetStatistics over the
 * roll-ups of 1,000,000 cases), kafka, postgres (appends against raw pg), replicated (lifecycles/s with 1 and 3 processes of each service on PostgreSQL and Kafka).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../reliability/platform-process.ts';
import { type CaseTemplate, harvestCaseEvents } from './case-events.ts';
import { progress } from './fixtures.ts';
import { type GrpcSettings, measureLifecycle, measureSubmit, measureTransport, measureVisibility } from './phases/grpc.ts';
import { measureKafka } from './phases/kafka.ts';
import { measurePostgresStore, measureReplicated } from './phases/postgres.ts';
import { measureRebuild, measureStore } from './phases/storage.ts';
import { measureStatistics } from './phases/statistics.ts';
import { formatProfileSummary, summarizeProfile } from './profile-summary.ts';
import { type Row, formatTable, ratioOf, targetMet } from './report.ts';
import { round } from './stats.ts';
import { parseCommandLine, usageError } from '../lib/command-line.ts';

const PHASES = ['transport', 'submit', 'lifecycle', 'visibility', 'store', 'rebuild', 'statistics', 'kafka', 'postgres', 'replicated'] as const;
type Phase = (typeof PHASES)[number];

const HELP = `usage: npm run bench -- [--quick] [--only <phase>,...] [--profile] [--concurrency N] [--lifecycle-concurrency N] [--duration-ms N] [--rebuild-events N] [--out DIR]

OneWindow's performance against baselines measured in the same run on this machine: a table on
stdout (ours, the baseline, the ratio, the target), progress on stderr, the same as JSON in
bench-results/. --quick shortens the phases (the rebuild over 100,000 events); --profile writes CPU
profiles and a summary of where the time went. Phases: ${PHASES.join(', ')}.`;

const { values: options } = parseCommandLine('bench', HELP, {
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '16' },
    'lifecycle-concurrency': { type: 'string', default: '32' },
    'duration-ms': { type: 'string' },
    'rebuild-events': { type: 'string' },
    out: { type: 'string', default: join(repositoryRoot, 'bench-results') },
  },
});

const selected = new Set<Phase>(
  options.only
    ? options.only.split(',').map((name) => {
        if (!(PHASES as readonly string[]).includes(name)) usageError('bench', `no phase ${name}; phases: ${PHASES.join(', ')}`);
        return name as Phase;
      })
    : PHASES,
);
const quick = options.quick;
const startedAt = new Date();
const stamp = startedAt.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
const profileDir = options.profile ? join(options.out, 'profiles', stamp) : undefined;
const settings: GrpcSettings = {
  concurrency: Number(options.concurrency),
  durationMs: Number(options['duration-ms'] ?? (quick ? 3_000 : 6_000)),
  lifecycleConcurrency: Number(options['lifecycle-concurrency']),
  visibilityWriters: 4,
  ...(profileDir ? { profileDir } : {}),
};
const rebuildEvents = Number(options['rebuild-events'] ?? (quick ? 100_000 : 1_000_000));
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadAverageBefore: loadavg().map(round),
};
progress(`OneWindow bench ${stamp}: ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load average ${machine.loadAverageBefore.join(' ')}${quick ? ', QUICK' : ''}`);

const rows: Row[] = [];
const phaseMs: Record<string, number> = {};
const timed = async (phase: Phase, work: () => Promise<unknown>) => {
  if (!selected.has(phase)) return;
  const started = performance.now();
  await work();
  phaseMs[phase] = Math.round(performance.now() - started);
  progress(`${phase} done in ${(phaseMs[phase] / 1000).toFixed(1)} s`);
};

// The baseline is measured whenever a gRPC phase runs: their ratios are against it.
const needsBaseline = ['transport', 'submit', 'lifecycle', 'visibility'].some((phase) => selected.has(phase as Phase));
let baseline = { throughput: Number.NaN, p50: Number.NaN, p99: Number.NaN };
if (needsBaseline) {
  selected.add('transport');
  await timed('transport', async () => (baseline = await measureTransport(settings, rows)));
}
await timed('submit', () => measureSubmit(settings, baseline, rows));
await timed('lifecycle', () => measureLifecycle(settings, baseline, rows));
await timed('visibility', () => measureVisibility(settings, baseline, rows));

let template: CaseTemplate | undefined;
const caseTemplate = async () => (template ??= await harvestCaseEvents());
await timed('store', async () => measureStore(await caseTemplate(), { durationMs: quick ? 1_500 : 3_000, batch: 100 }, rows));
await timed('rebuild', async () => measureRebuild(await caseTemplate(), { events: rebuildEvents, quick: rebuildEvents < 1_000_000, ...(profileDir ? { profileDir } : {}) }, rows));
await timed('statistics', () => measureStatistics({ cases: quick ? 100_000 : 1_000_000, queries: quick ? 100 : 300 }, rows));
await timed('kafka', async () => measureKafka(await caseTemplate(), { events: quick ? 5_000 : 20_000, lagSamples: quick ? 100 : 300 }, rows));
await timed('postgres', async () => measurePostgresStore(await caseTemplate(), { durationMs: quick ? 1_500 : 3_000, batch: 100 }, rows));
await timed('replicated', () => measureReplicated({ durationMs: quick ? 15_000 : 30_000, clients: 16 }, rows));

const finishedAt = new Date();
const header = `OneWindow bench, ${startedAt.toISOString()}: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}` +
  `${quick ? ', --quick' : ''}; load average ${machine.loadAverageBefore.join(' ')} → ${loadavg().map(round).join(' ')}`;
process.stdout.write(`${header}\n${formatTable(rows)}\n`);

let profiles: Record<string, string> | undefined;
if (profileDir && existsSync(profileDir)) {
  profiles = {};
  for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
    const summary = formatProfileSummary(summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')), 30));
    writeFileSync(join(profileDir, file.replace(/\.cpuprofile$/, '.txt')), `${summary}\n`);
    profiles[file] = join(profileDir, file);
    progress(`profile ${file}:\n${summary.split('\n').slice(0, 32).join('\n')}`);
  }
}

const results = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  machine: { ...machine, loadAverageAfter: loadavg().map(round) },
  settings: { ...settings, quick, rebuildEvents, phases: [...selected] },
  phaseMs,
  rows: rows.map((row) => ({ ...row, ratio: ratioOf(row), targetMet: targetMet(row) })),
  ...(profiles ? { profiles } : {}),
};
mkdirSync(options.out, { recursive: true });
const json = `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
writeFileSync(join(options.out, `${stamp}.json`), json);
writeFileSync(join(options.out, 'latest.json'), json);
progress(`results written to ${join(options.out, `${stamp}.json`)} and latest.json`);
// Clients and timers of the phases are closed; exit anyway so that a straggling handle cannot hold the run.
process.exit(0);
