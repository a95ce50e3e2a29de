import { Samples } from './stats.ts';

export interface ClosedLoopResult {
  /** Operations completed inside the measured window. */
  readonly completed: number;
  readonly errors: number;
  /** The first few error messages, to say why. */
  readonly errorExamples: string[];
  readonly elapsedMs: number;
  /** Operations per second over the measured window. */
  readonly throughput: number;
  readonly latency: Samples;
}

/**
 * A closed loop: `concurrency` workers each run `op` back to back for `warmupMs + durationMs`.
 * Throughput counts the operations that finish inside the measured window (after the warm-up);
 * latency is theirs, in milliseconds. No operation starts after the window; those still running
 * then are awaited and not counted.
 */
export async function closedLoop(options: {
  concurrency: number;
  durationMs: number;
  warmupMs?: number;
  op: (worker: number, sequence: number) => Promise<void>;
  /** Called when the measured window opens and when it closes: for counters read over the same window. */
  window?: { start(): void; end(): void };
}): Promise<ClosedLoopResult> {
  const warmupMs = options.warmupMs ?? 0;
  const begin = performance.now();
  const measureFrom = begin + warmupMs;
  const end = measureFrom + options.durationMs;
  const latency = new Samples();
  let completed = 0;
  let errors = 0;
  const errorExamples: string[] = [];
  let sequence = 0;
  const worker = async (index: number) => {
    while (performance.now() < end) {
      const started = performance.now();
      try {
        await options.op(index, sequence++);
        const finished = performance.now();
        if (finished >= measureFrom && finished <= end) {
          completed += 1;
          latency.add(finished - started);
        }
      } catch (error) {
        errors += 1;
        if (errorExamples.length < 3) errorExamples.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const windowTimers = options.window
    ? [setTimeout(() => options.window!.start(), warmupMs), setTimeout(() => options.window!.end(), warmupMs + options.durationMs)]
    : [];
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
  windowTimers.forEach(clearTimeout);
  const elapsedMs = Math.min(performance.now(), end) - measureFrom;
  return { completed, errors, errorExamples, elapsedMs, throughput: (completed * 1000) / elapsedMs, latency };
}
