import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * What the bench reads off the platform's process while it runs a load: the synced commits it
 * makes (fsync and fdatasync calls, counted by the kernel's syscall tracepoints through `perf
 * stat`, which costs the process nothing), the CPU time of each of its threads (/proc), and its
 * peak resident memory (/proc, VmHWM).
 */

/** Linux's clock ticks per second for /proc's CPU times (USER_HZ; 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

export interface SyncCounter {
  /** Stops counting; the calls made since it started, or why they could not be counted. */
  stop(): Promise<{ calls: number } | { unavailable: string }>;
}

/** Counts the fsync and fdatasync calls of every thread of `pid` until stopped. */
export function countSyncs(pid: number): SyncCounter {
  let output = '';
  let child: ChildProcess;
  try {
    child = spawn('perf', ['stat', '-x', ',', '-e', 'syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    return { stop: async () => ({ unavailable: `perf could not start: ${String(error)}` }) };
  }
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  return {
    async stop() {
      child.kill('SIGINT');
      const code = await exited;
      const counts = [...output.matchAll(/^(\d+),,syscalls:sys_enter_(fsync|fdatasync)/gm)].map((match) => Number(match[1]));
      if (counts.length !== 2) return { unavailable: `perf stat exited with ${code}: ${output.trim().split('\n').at(-1) ?? 'no output'} (install linux-perf; the tracepoints need root or perf_event_paranoid <= -1)` };
      return { calls: counts[0]! + counts[1]! };
    },
  };
}

/** CPU seconds used so far by each thread of `pid`, by thread name (threads of one name added up). */
export function threadCpu(pid: number): Map<string, number> {
  const cpu = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim();
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      cpu.set(name, (cpu.get(name) ?? 0) + seconds);
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return cpu;
}

/** The CPU each thread group used between two readings, largest first. */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>): Array<[name: string, seconds: number]> {
  return [...after]
    .map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)] as [string, number])
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** The process's peak resident memory since it started, in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
  return kib / 1024;
}

const SERVICES = ['acceptance', 'approval', 'supervision', 'notification'];

/** A thread's name as a reader says it: the services' threads (threadName in threads.ts) by their services. */
export function threadLabel(name: string): string {
  if (name === 'ow:all') return SERVICES.join('+');
  if (name.startsWith('ow:')) {
    return name.slice(3).split('+').map((part) => SERVICES.find((service) => service.startsWith(part)) ?? part).join('+');
  }
  if (name === 'MainThread' || name === 'node') return 'main thread';
  if (name.startsWith('V8Worker')) return 'V8 helpers (GC, compiler)';
  if (name.startsWith('libuv-worker')) return 'libuv pool';
  return name;
}

/** What the bench read off the platform over a load's measured window. */
export interface WindowReading {
  readonly syncs: { calls: number } | { unavailable: string };
  /** CPU seconds the bench itself (the load's clients) used over the window. */
  readonly clientCpu: number;
  /** CPU seconds per thread group over the window, largest first. */
  readonly cpu: Array<[name: string, seconds: number]>;
  readonly peakRssMiB: number;
}

/** Reads `pid` over a closed loop's measured window (pass `window` to closedLoop). */
export function watchWindow(pid: number): { window: { start(): void; end(): void }; reading(): Promise<WindowReading> } {
  let syncs: SyncCounter | undefined;
  let cpuBefore = new Map<string, number>();
  let cpuAfter: Map<string, number> | undefined;
  let ended: Promise<WindowReading['syncs']> | undefined;
  let clientBefore = 0;
  let clientAfter = 0;
  const clientSeconds = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  return {
    window: {
      start() {
        syncs = countSyncs(pid);
        cpuBefore = threadCpu(pid);
        clientBefore = clientSeconds();
      },
      end() {
        cpuAfter = threadCpu(pid);
        clientAfter = clientSeconds();
        ended = syncs?.stop();
      },
    },
    async reading() {
      const labelled = new Map<string, number>();
      for (const [name, seconds] of cpuBetween(cpuBefore, cpuAfter ?? threadCpu(pid))) {
        const label = threadLabel(name);
        labelled.set(label, (labelled.get(label) ?? 0) + seconds);
      }
      return {
        syncs: (await ended) ?? { unavailable: 'the window never closed' },
        clientCpu: clientAfter - clientBefore,
        cpu: [...labelled].sort((a, b) => b[1] - a[1]),
        peakRssMiB: peakRssMiB(pid),
      };
    },
  };
}
