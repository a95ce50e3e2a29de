/**
 * `npm run reliability -- <crash|fuzz|load> [--long] [options]`: the reliability tests, short (as in
 * `npm test`) or long. Prints what happened and exits 1 if anything went wrong.
 *
 *   load   N channel clients run case lifecycles against `npm start` for a fixed time
 *   crash  the same against the all-in-one process, SIGKILLed K times at random moments and restarted;
 *          then every acknowledged case, its history, the read models (against a rebuild) and the
 *          notification outbox are checked
 *   fuzz   random and damaged protobuf requests to every RPC; never INTERNAL/UNKNOWN/DATA_LOSS, no crash
 *   replicated  several replicas of each service on PostgreSQL and the mock Kafka cluster, replicas
 *          (owners of background jobs among them) SIGKILLed and restarted; then cases, Kafka at the
 *          broker, the notification gateway, read models and checkpoints are checked
 *
 * Options: --seed N (default: random, printed), --clients N, --duration-ms N, --kills K, --replicas N,
 * --requests N, --replay i,j,… (fuzz: send only these requests of the seed's sequence), --trace FILE
 * (fuzz: every request as a JSON line), --unrestricted (fuzz: also send what triggers open known findings).
 */
import { formatFuzzReport, replayFinding, runFuzz } from './fuzz.ts';
import { knownFindings } from './known-findings.ts';
import { presets } from './presets.ts';
import { chooseSeed } from './prng.ts';
import { formatReplicatedReport, runReplicated } from './replicated.ts';
import { formatWorkloadReport, runWorkload } from './run-workload.ts';
import { parseCommandLine, usageError } from '../lib/command-line.ts';

const HELP = `usage: npm run reliability -- <crash|fuzz|load|replicated> [--long] [--replicas N] [--seed N] [--clients N] [--duration-ms N] [--kills K] [--requests N] [--replay i,j] [--trace FILE] [--unrestricted]

  load        channel clients run case lifecycles against npm start for a fixed time
  crash       the same against the all-in-one process, SIGKILLed at random moments and restarted;
              then cases, histories, read models (against a rebuild) and notifications are checked
  fuzz        random and damaged protobuf requests to every RPC: never INTERNAL, no crash
  replicated  several replicas of each service on PostgreSQL and the mock Kafka cluster, SIGKILLed
              and restarted; then cases, the broker, notifications, read models and checkpoints

--long runs the long version; --seed repeats a run (a random one is printed). Exit status: 0 all
held; 1 something went wrong; 2 called wrongly.`;

const { values: options, positionals } = parseCommandLine('reliability', HELP, {
  allowPositionals: true,
  options: {
    long: { type: 'boolean', default: false },
    seed: { type: 'string' },
    clients: { type: 'string' },
    'duration-ms': { type: 'string' },
    kills: { type: 'string' },
    replicas: { type: 'string' },
    requests: { type: 'string' },
    replay: { type: 'string' },
    trace: { type: 'string' },
    unrestricted: { type: 'boolean', default: false },
  },
});
const [test] = positionals;
if (test !== 'crash' && test !== 'fuzz' && test !== 'load' && test !== 'replicated') {
  usageError('reliability', 'name a test: crash, fuzz, load or replicated');
}
const length = options.long ? 'long' : 'short';
const seed = chooseSeed(options.seed);
const log = (line: string) => process.stderr.write(`[${test}] ${line}\n`);
const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
log(`${length} version, seed ${seed} (repeat with --seed ${seed})`);

let failed: boolean;
if (test === 'fuzz') {
  const report = await runFuzz({
    seed,
    requests: number(options.requests) ?? presets.fuzz[length].requests,
    log,
    ...(options.trace ? { traceFile: options.trace } : {}),
    ...(options.replay ? { replay: options.replay.split(',').map(Number) } : {}),
    unrestricted: options.unrestricted,
  });
  process.stdout.write(`${formatFuzzReport(report)}\n`);
  failed = report.findings.length > 0 || report.problems.length > 0;
  if (!options.replay) {
    process.stdout.write('known findings (scripts/reliability/known-findings.ts), each replayed on a fresh platform:\n');
    for (const finding of knownFindings) {
      const replay = await replayFinding(finding);
      const verdict = replay.holds ? 'holds' : finding.status === 'open' ? 'STILL OPEN (expected until the service is fixed)' : 'REGRESSED';
      process.stdout.write(`  ${finding.id} [${finding.status}]: ${verdict}; answer ${replay.answer}; healthy afterwards: ${replay.healthyAfter}\n`);
      if (finding.status === 'fixed' && !replay.holds) failed = true;
    }
  }
} else if (test === 'replicated') {
  const preset = presets.replicated[length];
  const report = await runReplicated({
    seed,
    replicas: number(options.replicas) ?? preset.replicas,
    clients: number(options.clients) ?? preset.clients,
    durationMs: number(options['duration-ms']) ?? preset.durationMs,
    kills: number(options.kills) ?? preset.kills,
    log,
  });
  process.stdout.write(`${formatReplicatedReport(report)}\n`);
  failed = report.problems.length > 0;
} else {
  const preset = test === 'crash' ? presets.crash[length] : { ...presets.load[length], kills: 0, startupKillChance: 0 };
  const report = await runWorkload({
    seed,
    clients: number(options.clients) ?? preset.clients,
    durationMs: number(options['duration-ms']) ?? preset.durationMs,
    kills: number(options.kills) ?? preset.kills,
    startupKillChance: preset.startupKillChance,
    command: test === 'load' ? 'npm-start' : 'node',
    log,
  });
  process.stdout.write(`${formatWorkloadReport(report)}\n`);
  failed = report.problems.length > 0;
}
process.exit(failed ? 1 : 0);
