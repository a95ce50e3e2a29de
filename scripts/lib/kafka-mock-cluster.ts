import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const SOURCE = resolve('infra/kafka-mock/launcher.c');
const BINARY = resolve('node_modules/.cache/onewindow/kafka-mock-launcher');
const HEADER = '/usr/include/librdkafka/rdkafka_mock.h';

/** Why no Kafka cluster can be had here, or undefined when one can. */
export function kafkaUnavailable(): string | undefined {
  if (process.env.KAFKA_BROKERS) return undefined;
  if (!existsSync(HEADER)) return `librdkafka's mock cluster is not installed (${HEADER} is missing): apt-get install -y librdkafka-dev, or set KAFKA_BROKERS`;
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'gcc is not installed, so the mock-cluster launcher cannot be built';
  }
  return undefined;
}

export interface KafkaCluster {
  readonly brokers: string[];
  /** Fault commands (see infra/kafka-mock/launcher.c); absent on real brokers from KAFKA_BROKERS. */
  readonly command?: (line: string) => Promise<void>;
  stop(): Promise<void>;
}

function buildLauncher(): string {
  if (!existsSync(BINARY) || statSync(BINARY).mtimeMs < statSync(SOURCE).mtimeMs) {
    mkdirSync(join(BINARY, '..'), { recursive: true });
    execFileSync('gcc', ['-O2', '-o', BINARY, SOURCE, '-lrdkafka']);
  }
  return BINARY;
}

/**
 * A Kafka cluster for tests and local runs: the brokers of KAFKA_BROKERS, or librdkafka's mock
 * cluster (infra/kafka-mock/launcher.c, built on first use) started here.
 */
export async function startKafkaCluster(brokers = 3, topics: readonly { name: string; partitions: number }[] = []): Promise<KafkaCluster> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS.split(','), stop: async () => undefined };
  // A process group of its own: Ctrl-C in a terminal reaches only its users, which stop before it does
  // (stop() ends it); if they die, its stdin closes and it exits too.
  const child: ChildProcessWithoutNullStreams = spawn(buildLauncher(), [String(brokers)], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // Read, or a chatty mock would fill the pipe and block; the tail says why it died, if it does.
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2_000)));
  const lines = createInterface({ input: child.stdout });
  const pending: Array<(line: string) => void> = [];
  const early: string[] = [];
  lines.on('line', (line) => (pending.length ? pending.shift()!(line) : early.push(line)));
  const nextLine = () => new Promise<string>((resolve) => (early.length ? resolve(early.shift()!) : pending.push(resolve)));
  const first = await Promise.race([
    nextLine(),
    new Promise<string>((_, reject) => child.once('exit', (code) => reject(new Error(`the mock cluster exited with ${code}: ${stderrTail.trim()}`)))),
  ]);
  const bootstrap = first.replace(/^bootstrap /, '');
  let queue = Promise.resolve();
  const command = (line: string) => {
    const run = queue.then(async () => {
      child.stdin.write(`${line}\n`);
      const answer = await nextLine();
      if (answer !== 'ok') throw new Error(`mock cluster: "${line}" → ${answer}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };
  for (const topic of topics) await command(`topic ${topic.name} ${topic.partitions}`);
  return {
    brokers: bootstrap.split(','),
    command,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
