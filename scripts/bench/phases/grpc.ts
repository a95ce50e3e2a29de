import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { AcceptCaseRequest, GetCaseHistoryRequest, GetCaseRequest, SubmitCaseRequest } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { call as callWithDeadline, callerMetadata, type connect } from '../../lib/channel-clients.ts';
import { repositoryRoot } from '../../reliability/platform-process.ts';
import { createRandom } from '../../reliability/prng.ts';
import { LIFECYCLE_ITEM } from '../../reliability/workload.ts';
import { ECHO_PATH } from '../echo-server.ts';
import {
  type Delivery,
  counterMetadata,
  departmentMetadata,
  progress,
  rawUnary,
  startBenchPlatform,
  submitRequest,
} from '../fixtures.ts';
import { closedLoop } from '../load-driver.ts';
import { type WindowReading, watchWindow } from '../process-watch.ts';
import type { Row } from '../report.ts';
import { Samples } from '../stats.ts';

/** A minute's deadline: a saturated platform shows as latency here, not as DEADLINE_EXCEEDED. */
const call: typeof callWithDeadline = (method, client, request, metadata, timeoutMs = 60_000) => callWithDeadline(method, client, request, metadata, timeoutMs);

export interface GrpcSettings {
  readonly concurrency: number;
  readonly durationMs: number;
  readonly lifecycleConcurrency: number;
  readonly visibilityWriters: number;
  readonly profileDir?: string;
}

export interface TransportBaseline {
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
}

/** The bare grpc-js echo server in its own process, as the platform runs in its own. */
async function startEchoServer(): Promise<{ address: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', './scripts/reliability/orphan-guard.ts', 'scripts/bench/echo-server.ts'], {
    cwd: repositoryRoot,
    env: { ...process.env, OW_GUARD_PARENT_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const address = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve(line.replace(/^echo /, '')));
    child.once('exit', (code) => reject(new Error(`the echo server exited with ${code}`)));
  });
  return {
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The transport baseline: the submission's bytes and metadata, echoed by bare grpc-js. */
export async function measureTransport(settings: GrpcSettings, rows: Row[]): Promise<TransportBaseline> {
  progress(`transport baseline: bare grpc-js unary echo, ${settings.concurrency} in flight, ${settings.durationMs} ms`);
  const echo = await startEchoServer();
  const client = new grpc.Client(echo.address, grpc.credentials.createInsecure());
  try {
    const bytes = Buffer.from(SubmitCaseRequest.encode(submitRequest('echo-request-0000', createRandom(7))).finish());
    const metadata = counterMetadata();
    const result = await closedLoop({
      concurrency: settings.concurrency,
      durationMs: settings.durationMs,
      warmupMs: 1000,
      op: async () => void (await rawUnary(client, ECHO_PATH, bytes, metadata)),
    });
    const baseline = { throughput: result.throughput, p50: result.latency.percentile(50), p99: result.latency.percentile(99) };
    const name = `bare grpc-js echo, ${bytes.length} B request`;
    rows.push(
      { phase: 'transport', metric: `echo throughput (${settings.concurrency} in flight)`, unit: 'req/s', ours: baseline.throughput, baseline: baseline.throughput, baselineName: name, note: 'the baseline itself' },
      { phase: 'transport', metric: 'echo latency p50', unit: 'ms', ours: baseline.p50, baseline: baseline.p50, baselineName: name, note: 'the baseline itself' },
      { phase: 'transport', metric: 'echo latency p99', unit: 'ms', ours: baseline.p99, baseline: baseline.p99, baselineName: name, note: 'the baseline itself' },
    );
    return baseline;
  } finally {
    client.close();
    await echo.stop();
  }
}

/** SubmitCase at fixed concurrency against the embedded platform, then how long its consequences take. */
export async function measureSubmit(settings: GrpcSettings, baseline: TransportBaseline, rows: Row[]): Promise<void> {
  progress(`submit: SubmitCase against the embedded platform (child process), ${settings.concurrency} in flight, ${settings.durationMs} ms`);
  const platform = await startBenchPlatform('submit', settings.profileDir);
  try {
    const random = createRandom(11);
    const metadata = counterMetadata();
    const { acceptance } = platform.clients;
    // Count the submissions' SMS from now on: the consequence that comes last.
    let delivered = 0;
    const stopCounting = platform.outbox.onDelivery((d: Delivery) => void (d.text.includes('已提交') && !d.text.includes('warmup') && (delivered += 1)));
    let started = 0;
    const windowStart = performance.now();
    const result = await closedLoop({
      concurrency: settings.concurrency,
      durationMs: settings.durationMs,
      warmupMs: 1000,
      op: async (worker, sequence) => {
        started += 1;
        await call(acceptance.submitCase, acceptance, submitRequest(`submit-${worker}-${sequence}`, random), metadata);
      },
    });
    const loadEnd = performance.now();
    // Every submission is told to its applicant by SMS: when the last one is out, the platform has
    // caught up with everything the submissions caused (supervision, history, notification).
    while (delivered < started && performance.now() - loadEnd < 120_000) await delay(10);
    const drainMs = performance.now() - loadEnd;
    stopCounting();
    if (result.errors) progress(`submit: ${result.errors} errors, e.g. ${result.errorExamples.join('; ')}`);
    const sustained = (delivered * 1000) / (performance.now() - windowStart);
    rows.push(
      { phase: 'submit', metric: `submit throughput (${settings.concurrency} in flight)`, unit: 'req/s', ours: result.throughput, baseline: baseline.throughput, baselineName: 'echo throughput', target: { on: 'ratio', op: '>=', value: 0.1 } },
      { phase: 'submit', metric: 'submit latency p50', unit: 'ms', ours: result.latency.percentile(50), baseline: baseline.p50, baselineName: 'echo p50' },
      { phase: 'submit', metric: `submit latency p99 (${settings.concurrency} in flight)`, unit: 'ms', ours: result.latency.percentile(99), baseline: baseline.p99, baselineName: 'echo p99', target: { on: 'ours', op: '<=', value: 50 } },
      {
        phase: 'submit',
        metric: 'submit, sustained to the last SMS',
        unit: 'req/s',
        ours: sustained,
        baseline: baseline.throughput,
        baselineName: 'echo throughput',
        note: `the SMS of all ${delivered} submissions out ${Math.round(drainMs)} ms after the last call returned`,
      },
    );
  } finally {
    await platform.stop();
  }
}

/**
 * Full lifecycles, each: the counter submits and accepts, the department claims the task (once
 * approval has reacted) and approves, acceptance concludes, notification tells the applicant. The
 * end is the conclusion's SMS in the file provider's outbox; latency runs from the submission.
 */
export async function measureLifecycle(settings: GrpcSettings, baseline: TransportBaseline, rows: Row[]): Promise<void> {
  const concurrency = settings.lifecycleConcurrency;
  progress(`lifecycle: submit → accept → claim → approve → concluded → SMS, ${concurrency} in flight, ${2 * settings.durationMs} ms after 4 s of warm-up`);
  const platform = await startBenchPlatform('lifecycle', settings.profileDir);
  try {
    const random = createRandom(13);
    const counter = counterMetadata();
    const department = departmentMetadata();
    const { acceptance, approval } = platform.clients;
    const waiting = new Map<string, (delivery: Delivery) => void>();
    const stopListening = platform.outbox.onDelivery((delivery) => {
      if (!delivery.text.includes('已办结')) return;
      const caseNumber = /\d{20}/.exec(delivery.text)?.[0];
      if (caseNumber) waiting.get(caseNumber)?.(delivery);
    });
    let calls = 0;
    let finished = 0;
    let claimRetries = 0;
    /** From the submission to the conclusion's SMS, of lifecycles inside the measured window. */
    const endToEnd = new Samples();
    /** How long after the counter's answer the applicant's phone first sees the case, sampled under this load. */
    const visibility = new Samples();
    const watch = watchWindow(platform.process.child.pid!);
    // A lifecycle takes seconds under load: a longer warm-up and window than the other phases.
    const warmupMs = 4000;
    const durationMs = 2 * settings.durationMs;
    const measureFrom = performance.now() + warmupMs;
    const result = await closedLoop({
      concurrency,
      durationMs,
      warmupMs,
      window: watch.window,
      op: async (worker, sequence) => {
        const startedAt = Date.now();
        const id = `life-${worker}-${sequence}`;
        const request = submitRequest(`${id}-submit`, random);
        const { caseNumber } = await call(acceptance.submitCase, acceptance, request, counter);
        // One lifecycle in four: the applicant's phone asks without a token until it sees the case.
        if (sequence % 4 === 0 && performance.now() >= measureFrom) await sampleVisibility(acceptance, request, caseNumber, visibility);
        let resolveDelivered!: (delivery: Delivery) => void;
        const delivered = new Promise<Delivery>((resolve) => (resolveDelivered = resolve));
        waiting.set(caseNumber, resolveDelivered);
        await call(acceptance.acceptCase, acceptance, AcceptCaseRequest.fromPartial({ requestId: `${id}-accept`, caseNumber }), counter);
        const taskId = LIFECYCLE_ITEM.taskOf(caseNumber);
        for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
          try {
            await call(approval.claimTask, approval, { requestId: `${id}-claim`, taskId }, department);
            break;
          } catch (error) {
            if ((error as { code?: number }).code !== grpc.status.NOT_FOUND) throw error;
            claimRetries += 1;
            calls += 1;
            await delay(pause);
          }
        }
        await call(approval.decideTask, approval, { requestId: `${id}-decide`, taskId, decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, department);
        calls += 4;
        const delivery = await Promise.race([delivered, delay(60_000).then(() => undefined)]);
        waiting.delete(caseNumber);
        if (!delivery) throw new Error(`no conclusion SMS for ${caseNumber} within 60 s`);
        finished += 1;
        if (performance.now() >= measureFrom && performance.now() <= measureFrom + durationMs) endToEnd.add(Date.parse(delivery.at) - startedAt);
      },
    });
    stopListening();
    const reading = await watch.reading();
    if (result.errors) progress(`lifecycle: ${result.errors} errors, e.g. ${result.errorExamples.join('; ')}`);
    const callsPerLifecycle = finished ? calls / finished : Number.NaN;
    progress(`lifecycle: ${result.completed} lifecycles, ${callsPerLifecycle.toFixed(2)} client calls each (${claimRetries} claims retried while approval had not reacted)`);
    rows.push(
      {
        phase: 'lifecycle',
        metric: `full lifecycles (${concurrency} in flight)`,
        unit: '/s',
        ours: result.throughput,
        baseline: finished ? baseline.throughput / callsPerLifecycle : undefined,
        baselineName: `echo throughput / ${callsPerLifecycle.toFixed(1)} calls per lifecycle`,
        ...(finished ? {} : { note: 'no lifecycle finished inside the window: more in flight than the platform completes in it' }),
        // Issue 17's step on the way to the goal of 500.
        target: { on: 'ours', op: '>=', value: 150 },
      },
      { phase: 'lifecycle', metric: 'lifecycle end to end p50 (submit → SMS)', unit: 'ms', ours: endToEnd.percentile(50), baseline: finished ? baseline.p50 * callsPerLifecycle : undefined, baselineName: 'echo p50 × calls per lifecycle' },
      { phase: 'lifecycle', metric: 'lifecycle end to end p99', unit: 'ms', ours: endToEnd.percentile(99), baseline: finished ? baseline.p99 * callsPerLifecycle : undefined, baselineName: 'echo p99 × calls per lifecycle' },
      {
        phase: 'lifecycle',
        metric: 'visibility lag p99 during the lifecycle load (GetCase)',
        unit: 'ms',
        ours: visibility.percentile(99),
        baseline: baseline.p99,
        baselineName: 'echo p99 (one round trip)',
        note: `${visibility.count} cases sampled (one lifecycle in four), p50 ${Math.round(visibility.percentile(50))} ms; includes one query round trip`,
        target: { on: 'ours', op: '<=', value: 50 },
      },
      ...processRows(reading, result.completed),
    );
  } finally {
    await platform.stop();
  }
}

/**
 * Cross-channel visibility: the counter submits; the applicant's phone asks, with no consistency
 * token, again and again until its query shows the case. The lag runs from the counter's answer to
 * the phone's first answer that shows it (so it includes one query's round trip).
 */
export async function measureVisibility(settings: GrpcSettings, baseline: TransportBaseline, rows: Row[]): Promise<void> {
  const writers = settings.visibilityWriters;
  progress(`visibility: ${writers} counters submit, the applicant's phone polls GetCase and GetCaseHistory without a token, ${settings.durationMs} ms`);
  const platform = await startBenchPlatform('visibility', settings.profileDir);
  try {
    const random = createRandom(17);
    const counter = counterMetadata();
    const { acceptance } = platform.clients;
    const viewLag = new Samples();
    const historyLag = new Samples();
    let polls = 0;
    const pollUntil = async (visible: () => Promise<boolean>, since: number, samples: Samples) => {
      for (;;) {
        polls += 1;
        if (await visible()) return samples.add(performance.now() - since);
        if (performance.now() - since > 10_000) throw new Error('not visible within 10 s');
      }
    };
    const result = await closedLoop({
      concurrency: writers,
      durationMs: settings.durationMs,
      warmupMs: 1000,
      op: async (worker, sequence) => {
        const request = submitRequest(`visible-${worker}-${sequence}`, random);
        const phone = callerMetadata({ sub: request.applicantSubject, roles: ['applicant'], holder: { idNumber: (request.applicant!.kind as { value: { idNumber: string } }).value.idNumber } }, 'mobile');
        const { caseNumber } = await call(acceptance.submitCase, acceptance, request, counter);
        const acknowledged = performance.now();
        // One poller per case, the two queries in turn, so that neither waits behind the other.
        if (sequence % 2 === 0) {
          await pollUntil(
            async () => Boolean((await call(acceptance.getCase, acceptance, GetCaseRequest.fromPartial({ caseNumber }), phone).catch(() => undefined))?.case),
            acknowledged,
            viewLag,
          );
        } else {
          await pollUntil(
            async () => Boolean((await call(acceptance.getCaseHistory, acceptance, GetCaseHistoryRequest.fromPartial({ caseNumber }), phone).catch(() => undefined))?.entries.some((e) => e.eventType === 'caseSubmitted')),
            acknowledged,
            historyLag,
          );
        }
      },
    });
    if (result.errors) progress(`visibility: ${result.errors} errors, e.g. ${result.errorExamples.join('; ')}`);
    progress(`visibility: ${viewLag.count + historyLag.count} cases, ${(polls / Math.max(1, viewLag.count + historyLag.count)).toFixed(2)} queries each until visible`);
    const note = `${writers} writers; includes one query round trip`;
    rows.push(
      { phase: 'visibility', metric: 'visibility lag p50, case view (GetCase)', unit: 'ms', ours: viewLag.percentile(50), baseline: baseline.p50, baselineName: 'echo p50 (one round trip)', note },
      { phase: 'visibility', metric: 'visibility lag p99, case view', unit: 'ms', ours: viewLag.percentile(99), baseline: baseline.p99, baselineName: 'echo p99', target: { on: 'ours', op: '<=', value: 50 } },
      { phase: 'visibility', metric: 'visibility lag p50, history (GetCaseHistory)', unit: 'ms', ours: historyLag.percentile(50), baseline: baseline.p50, baselineName: 'echo p50 (one round trip)', note },
      { phase: 'visibility', metric: 'visibility lag p99, history', unit: 'ms', ours: historyLag.percentile(99), baseline: baseline.p99, baselineName: 'echo p99', target: { on: 'ours', op: '<=', value: 50 } },
    );
  } finally {
    await platform.stop();
  }
}

/** Polls GetCase without a consistency token, as a phone would, until the case shows. */
async function sampleVisibility(acceptance: ReturnType<typeof connect>['acceptance'], request: SubmitCaseRequest, caseNumber: string, samples: Samples): Promise<void> {
  const acknowledged = performance.now();
  const phone = callerMetadata({ sub: request.applicantSubject, roles: ['applicant'], holder: { idNumber: (request.applicant!.kind as { value: { idNumber: string } }).value.idNumber } }, 'mobile');
  for (;;) {
    const found = await call(acceptance.getCase, acceptance, GetCaseRequest.fromPartial({ caseNumber }), phone).catch(() => undefined);
    if (found?.case) return samples.add(performance.now() - acknowledged);
    if (performance.now() - acknowledged > 10_000) throw new Error(`case ${caseNumber} not visible within 10 s`);
  }
}

/**
 * What the platform's process did over the window, per lifecycle finished in it: synced commits
 * (fsync and fdatasync calls, counted by perf), CPU by thread, peak memory.
 */
function processRows(reading: WindowReading, lifecycles: number): Row[] {
  const totalCpu = reading.cpu.reduce((sum, [, seconds]) => sum + seconds, 0);
  const split = reading.cpu.map(([name, seconds]) => `${name} ${Math.round((100 * seconds) / totalCpu)} %`).join(', ');
  const syncs = 'calls' in reading.syncs ? reading.syncs.calls : undefined;
  return [
    {
      phase: 'lifecycle',
      metric: 'synced commits per lifecycle',
      unit: '',
      ours: syncs === undefined || lifecycles === 0 ? undefined : syncs / lifecycles,
      baseline: undefined,
      baselineName: '',
      ...(syncs === undefined
        ? { note: `not counted: ${(reading.syncs as { unavailable: string }).unavailable}` }
        : { note: `fsync + fdatasync calls of the platform's process counted by perf stat (syscall tracepoints) over the window: ${syncs} for ${lifecycles} lifecycles` }),
      target: { on: 'ours', op: '<=', value: 10 },
    },
    {
      phase: 'lifecycle',
      metric: 'CPU per lifecycle',
      unit: 'ms',
      ours: lifecycles ? (totalCpu * 1000) / lifecycles : undefined,
      baseline: undefined,
      baselineName: '',
      note: `by thread: ${split}; the bench's clients used ${Math.round((reading.clientCpu * 1000) / Math.max(1, lifecycles) * 10) / 10} ms per lifecycle besides`,
    },
    { phase: 'lifecycle', metric: 'peak RSS of npm start under the lifecycle load', unit: 'MiB', ours: reading.peakRssMiB, baseline: undefined, baselineName: 'VmHWM of the process', target: { on: 'ours', op: '<=', value: 1024 } },
  ];
}
