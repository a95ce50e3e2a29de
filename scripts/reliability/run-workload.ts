import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type LatencySummary, round } from '../bench/stats.ts';
import { type PlatformProcess, startPlatformProcess } from './platform-process.ts';
import { createRandom } from './prng.ts';
import { type Verification, verifyDataDir } from './verify.ts';
import { Ledger, PlatformTarget, type WorkloadContext, clientsFinish, runChannelClient } from './workload.ts';

export interface WorkloadOptions {
  readonly seed: number;
  /** Concurrent channel clients, each with one request in flight at most. */
  readonly clients: number;
  /** How long clients start new lifecycles; the running ones then finish. */
  readonly durationMs: number;
  /** SIGKILLs during the load (0: the load test). */
  readonly kills: number;
  /**
   * Instead of SIGKILLs at random moments, crashes at named points of the commit path
   * (OW_CRASH_AT, services/platform/faults/crash-point.ts): the platform is started with the first,
   * dies there by itself, is restarted with the next, and so on; the last start has none.
   */
  readonly crashPoints?: readonly string[];
  /** Probability that a restart is itself killed during start-up (it is then started again). */
  readonly startupKillChance?: number;
  /** `npm-start` runs `npm start` as a user would; `node` runs the entry point itself (SIGKILL reaches it). */
  readonly command: 'node' | 'npm-start';
  readonly log?: (line: string) => void;
}

/** Time allowed, after the load, for the running lifecycles to finish. */
const DRAIN_MS = 90_000;

export interface WorkloadReport {
  readonly seed: number;
  readonly dataDir: string;
  readonly clients: number;
  readonly loadMs: number;
  readonly totalMs: number;
  readonly kills: { readonly atMs: number[]; readonly duringStartup: number };
  readonly startupMs: number[];
  readonly steps: Ledger['stepCounts'];
  readonly casesStarted: number;
  readonly readYourWritesChecked: number;
  readonly answers: Record<string, number>;
  /** Milliseconds per RPC (OK answers). */
  readonly latencies: Record<string, LatencySummary>;
  /** Everything that went wrong: forbidden statuses, stale reads, lost or duplicated work. */
  readonly problems: string[];
  readonly verification: Verification['facts'];
}

/**
 * The load and crash test: `clients` channel clients run case lifecycles against the all-in-one
 * platform for `durationMs`; with `kills`, the platform is SIGKILLed at a random moment of each of
 * `kills` equal slots of the load and restarted on the same data directory. Then the platform is
 * stopped gracefully and the data directory verified (see verify.ts).
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadReport> {
  const log = options.log ?? (() => undefined);
  const random = createRandom(options.seed);
  const runTag = `r${options.seed.toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), `ow-reliability-${options.kills || options.crashPoints ? 'crash' : 'load'}-`));
  const ledger = new Ledger();
  const target = new PlatformTarget();
  const problems: string[] = [];
  const startupMs: number[] = [];
  const killedAt: number[] = [];
  let duringStartup = 0;
  const killed = new Set<PlatformProcess['child']>();
  const started = Date.now();
  log(`seed ${options.seed}, ${options.clients} clients, ${options.durationMs} ms, ${options.kills} kills, data in ${dataDir}`);

  const crashPoints = [...(options.crashPoints ?? [])];
  const start = async (killDuringStartupAfterMs?: number): Promise<PlatformProcess> => {
    let timer: NodeJS.Timeout | undefined;
    const crashAt = crashPoints.shift();
    if (crashAt) log(`  started to crash at ${crashAt}`);
    const platform = await startPlatformProcess({
      dataDir,
      command: options.command,
      ...(crashAt ? { environment: { OW_CRASH_AT: crashAt } } : {}),
      onSpawn: (child) => {
        if (killDuringStartupAfterMs !== undefined) {
          timer = setTimeout(() => {
            killed.add(child);
            child.kill('SIGKILL');
          }, killDuringStartupAfterMs);
        }
      },
    }).finally(() => clearTimeout(timer));
    startupMs.push(platform.startupMs);
    if (crashAt) killed.add(platform.child);
    void platform.exited.then(({ code, signal }) => {
      if (!killed.has(platform.child) && !stopping) problems.push(`the platform exited on its own (code ${code}, signal ${signal}):\n${platform.tail().slice(-3000)}`);
    });
    return platform;
  };
  /** Starts again after a kill; with some probability that start is itself killed midway, once or more. */
  const restart = async (): Promise<PlatformProcess> => {
    for (;;) {
      const killSoon = random.chance(options.startupKillChance ?? 0) ? random.between(50, 1500) : undefined;
      try {
        return await start(killSoon);
      } catch (error) {
        if (killSoon === undefined) throw error;
        duringStartup += 1;
        log(`  killed during start-up after ${killSoon} ms`);
      }
    }
  };

  let stopping = false;
  let platform = await start();
  target.up(platform.endpoints);
  const problemLines: string[] = [];
  const collectProblems = (p: PlatformProcess) => problemLines.push(...p.problems);

  const loadStarted = Date.now();
  const stopAt = loadStarted + options.durationMs;
  const context: WorkloadContext = { target, ledger, stopAt, giveUpAt: () => stopAt + DRAIN_MS, callTimeoutMs: 10_000 };
  const clients = Array.from({ length: options.clients }, (_, index) => runChannelClient(context, index, random.fork(), runTag));

  if (options.crashPoints) {
    for (const point of options.crashPoints) {
      // Dies by itself at the point, or the load ends without reaching it.
      const outcome = await Promise.race([platform.exited, delay(Math.max(0, stopAt - Date.now())).then(() => undefined)]);
      if (!outcome) {
        problems.push(`the load ended before the platform reached the crash point ${point}`);
        break;
      }
      target.down();
      collectProblems(platform);
      killedAt.push(Date.now() - loadStarted);
      if (outcome.signal !== 'SIGKILL') problems.push(`the platform stopped at ${point} with code ${outcome.code}, signal ${outcome.signal}, not SIGKILL`);
      log(`  crashed at ${point} after ${Date.now() - loadStarted} ms (${ledger.stepCounts.submitted} cases acknowledged so far)`);
      platform = await start();
      target.up(platform.endpoints);
    }
  }
  const slot = options.durationMs / Math.max(1, options.kills);
  for (let k = 0; k < options.kills; k++) {
    const at = loadStarted + k * slot + slot * (0.15 + 0.8 * random.next());
    await delay(Math.max(200, at - Date.now()));
    target.down();
    killed.add(platform.child);
    await platform.kill();
    collectProblems(platform);
    killedAt.push(Date.now() - loadStarted);
    log(`  kill ${k + 1}/${options.kills} at ${Date.now() - loadStarted} ms (${ledger.stepCounts.submitted} cases acknowledged so far)`);
    platform = await restart();
    target.up(platform.endpoints);
  }

  if (!(await clientsFinish(clients, Math.max(0, stopAt - Date.now()) + DRAIN_MS + 5_000))) problems.push('the clients did not finish their lifecycles in time');
  const loadMs = Date.now() - loadStarted;
  log(`load done after ${loadMs} ms: ${ledger.stepCounts.submitted} submitted, ${ledger.stepCounts.accepted} accepted, ${ledger.stepCounts.decided} decided`);
  stopping = true;
  target.close();
  const exit = await platform.stop();
  collectProblems(platform);
  if (exit.code !== 0) problems.push(`the platform did not stop cleanly on SIGTERM (code ${exit.code}, signal ${exit.signal})`);

  const verification = await verifyDataDir(dataDir, ledger, log);
  problems.push(
    ...ledger.failures.map((failure) => `${failure.kind}: ${failure.what}`),
    ...verification.problems,
    ...problemLines.map((line) => `the platform logged: ${line.slice(0, 800)}`),
  );
  const report: WorkloadReport = {
    seed: options.seed,
    dataDir,
    clients: options.clients,
    loadMs,
    totalMs: Date.now() - started,
    kills: { atMs: killedAt, duringStartup },
    startupMs,
    steps: { ...ledger.stepCounts },
    casesStarted: ledger.cases.length,
    readYourWritesChecked: ledger.staleReadChecks.checked,
    answers: Object.fromEntries([...ledger.answers].sort(([a], [b]) => a.localeCompare(b))),
    latencies: Object.fromEntries([...ledger.latencies].map(([rpc, samples]) => [rpc, samples.summary()])),
    problems,
    verification: verification.facts,
  };
  // The data directory is kept only after a run that found something wrong.
  if (problems.length === 0) rmSync(dataDir, { recursive: true, force: true });
  return report;
}

/** The report as lines for a terminal. */
export function formatWorkloadReport(report: WorkloadReport): string {
  const seconds = report.loadMs / 1000;
  const lines = [
    `seed ${report.seed}; ${report.clients} clients; load ${seconds.toFixed(1)} s; whole run ${(report.totalMs / 1000).toFixed(1)} s`,
    `kills: ${report.kills.atMs.length} during the load${report.kills.atMs.length ? ` (at ${report.kills.atMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')})` : ''}` +
      `, ${report.kills.duringStartup} during start-up; start-ups took ${report.startupMs.map((ms) => `${ms} ms`).join(', ')}`,
    `lifecycles: ${report.casesStarted} started, ${report.steps.submitted} submitted, ${report.steps.accepted} accepted, ${report.steps.decided} approved` +
      ` (${(report.steps.submitted / seconds).toFixed(1)} submissions/s, ${(report.steps.decided / seconds).toFixed(1)} approvals/s)`,
    `read-your-writes checks across channels: ${report.readYourWritesChecked}`,
    'answers:',
    ...Object.entries(report.answers).map(([key, n]) => `  ${key.padEnd(36)} ${n}`),
    'latency of OK answers (ms):',
    ...Object.entries(report.latencies).map(([rpc, l]) => `  ${rpc.padEnd(16)} p50 ${round(l.p50)}  p99 ${round(l.p99)}  max ${round(l.max)}`),
    'verification:',
    ...Object.entries(report.verification).map(([key, value]) => `  ${key.padEnd(40)} ${value}`),
    report.problems.length ? `PROBLEMS (${report.problems.length}):` : 'no problems found',
    ...summarize(report.problems).map((problem) => `  - ${problem}`),
    ...(report.problems.length ? [`data directory kept: ${report.dataDir}`] : []),
  ];
  return lines.join('\n');
}

/** Problems with the same text once, with their count; at most 40 kinds. */
function summarize(problems: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const problem of problems) counts.set(problem, (counts.get(problem) ?? 0) + 1);
  const lines = [...counts].map(([problem, n]) => (n > 1 ? `${problem} (×${n})` : problem));
  return lines.length > 40 ? [...lines.slice(0, 40), `… and ${lines.length - 40} more kinds`] : lines;
}
