import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Endpoints } from '../lib/channel-clients.ts';
import { localPlatformSettings } from '../lib/local-platform-settings.ts';

/** The repository's root: every child runs from there, whatever the caller's working directory. */
export const repositoryRoot = resolve(import.meta.dirname, '..', '..');

export interface PlatformProcess {
  readonly child: ChildProcess;
  readonly endpoints: Endpoints;
  /** Milliseconds from spawn to the printed endpoints. */
  readonly startupMs: number;
  /** Log lines at level error or fatal (JSON lines with "level":"error"/"fatal"), and non-JSON stderr. */
  readonly problems: string[];
  /** The last output, for failure messages. */
  tail(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: the crash. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop (drain, then stop background work, then close stores). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface PlatformProcessOptions {
  readonly dataDir: string;
  /** `node` runs services/host/all-in-one/main.ts directly (the pid is the platform: SIGKILL reaches it);
   * `npm-start` runs `npm start` as a user would. */
  readonly command?: 'node' | 'npm-start';
  readonly environment?: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. --cpu-prof (node command only). */
  readonly nodeFlags?: readonly string[];
  /** The services it runs (OW_SERVICES), whose endpoints it waits for; default all four. */
  readonly services?: readonly string[];
  /** Called with the child once spawned, before it is up (so a caller may kill it during start-up). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/** How long the platform may take to print its endpoints before it is killed. */
const START_TIMEOUT_MS = 60_000;
const ENDPOINT_LINE = /^\s+(acceptance|approval|supervision|notification)\s+(\S+:\d+)\s/gm;
const ORPHAN_GUARD = resolve(import.meta.dirname, 'orphan-guard.ts');

/** Children still running, killed when this process exits (a test that timed out, Ctrl-C). */
const running = new Set<{ kill: () => void }>();
let exitHookInstalled = false;
function killOnExit(entry: { kill: () => void }): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const child of running) child.kill();
    });
  }
  running.add(entry);
  return () => running.delete(entry);
}
const TAIL_CHARS = 20_000;

/**
 * The all-in-one platform (embedded mode) as a child process on free ports of 127.0.0.1, with
 * quiet hours off (notifications go out at any hour). Resolves once it printed its endpoints;
 * rejects if it exits first. Output is kept bounded: the tail, and every error or fatal line.
 */
export function startPlatformProcess(options: PlatformProcessOptions): Promise<PlatformProcess> {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    ...localPlatformSettings(options.dataDir),
    OW_HOST: '127.0.0.1',
    OW_LOG_LEVEL: 'warn',
    OW_GUARD_PARENT_PID: String(process.pid),
    ...options.environment,
  };
  const npm = options.command === 'npm-start';
  const started = Date.now();
  const child = npm
    ? spawn('npm', ['start', '--silent'], { cwd: repositoryRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, ['--import', ORPHAN_GUARD, ...(options.nodeFlags ?? []), 'services/host/all-in-one/main.ts'], {
        cwd: repositoryRoot,
        env: environment,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  options.onSpawn?.(child);
  let tail = '';
  let pending = '';
  const problems: string[] = [];
  const listeners = new Set<() => void>();
  const onLine = (line: string, stream: 'stdout' | 'stderr') => {
    if (/"level":"(error|fatal)"/.test(line)) problems.push(line);
    else if (stream === 'stderr' && line.trim() && !line.startsWith('{') && !/^npm warn/i.test(line)) problems.push(line);
  };
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-TAIL_CHARS);
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line, stream);
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect('stdout'));
  child.stderr!.on('data', collect('stderr'));
  const signalAll = (signal: NodeJS.Signals) => {
    try {
      if (npm && child.pid) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Gone already.
    }
  };
  const forget = killOnExit({ kill: () => signalAll('SIGKILL') });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('close', (code, signal) => {
      forget();
      resolveExit({ code, signal });
      for (const listener of listeners) listener();
    }),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  return new Promise<PlatformProcess>((resolveUp, rejectUp) => {
    const timer = setTimeout(() => {
      listeners.delete(check);
      signalAll('SIGKILL');
      rejectUp(new Error(`the platform did not start within ${START_TIMEOUT_MS} ms:\n${tail}`));
    }, START_TIMEOUT_MS);
    const check = () => {
      if (/Try: npm run demo/.test(tail)) {
        const endpoints = Object.fromEntries([...tail.matchAll(ENDPOINT_LINE)].map((match) => [match[1], match[2]])) as unknown as Endpoints;
        if ((options.services ?? ['acceptance', 'approval', 'supervision', 'notification']).every((name) => name in endpoints)) {
          clearTimeout(timer);
          listeners.delete(check);
          resolveUp({
            child,
            endpoints,
            startupMs: Date.now() - started,
            problems,
            tail: () => tail,
            exited,
            async kill() {
              signalAll('SIGKILL');
              await exited;
            },
            async stop(timeoutMs = 30_000) {
              if (gone()) return exited;
              child.kill('SIGTERM'); // with npm-start, npm forwards it to the platform ("exec node")
              const timeout = setTimeout(() => signalAll('SIGKILL'), timeoutMs);
              const result = await exited;
              clearTimeout(timeout);
              return result;
            },
          });
          return;
        }
      }
      if (gone()) {
        clearTimeout(timer);
        listeners.delete(check);
        rejectUp(new Error(`the platform exited before it was up (code ${child.exitCode}, signal ${child.signalCode}):\n${tail}`));
      }
    };
    listeners.add(check);
    child.on('error', (error) => {
      clearTimeout(timer);
      listeners.delete(check);
      rejectUp(error);
    });
  });
}
