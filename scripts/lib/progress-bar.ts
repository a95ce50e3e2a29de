import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** How much of the total is done. */
  update(done: number): void;
  stop(): void;
}

/**
 * A progress bar for long work (cli-progress) on stderr. It is drawn only when stderr is a
 * terminal: piped into a file or another program, the command prints what it printed before.
 */
export function progressBar(label: string, total: number, unit: string): Progress {
  if (total <= 0) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}, {eta_formatted} left`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(Math.min(done, total)),
    stop: () => bar.stop(),
  };
}
