/**
 * `npm run start:services`: the four services as four processes, with Kafka between them and each
 * on its embedded stores (the distributed layout on one machine). Brokers come from
 * OW_KAFKA_BROKERS; `-- --kafka-mock` starts librdkafka's mock cluster instead (needs
 * librdkafka-dev and gcc). Ctrl-C stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { allTopics } from '../services/contracts/topics.ts';
import { parseCommandLine } from './lib/command-line.ts';
import { type KafkaCluster, kafkaUnavailable, startKafkaCluster } from './lib/kafka-mock-cluster.ts';

const SERVICES = ['acceptance', 'approval', 'supervision', 'notification'] as const;
const HELP = `usage: npm run start:services [-- --kafka-mock]

Runs the four services as four processes with Kafka between them, each on its embedded stores (the
distributed layout on one machine). Brokers come from OW_KAFKA_BROKERS; --kafka-mock starts
librdkafka's mock cluster instead (needs librdkafka-dev and gcc). Ctrl-C stops the services, then
the mock cluster.`;

const { values } = parseCommandLine('start:services', HELP, { options: { 'kafka-mock': { type: 'boolean', default: false } } });

let cluster: KafkaCluster | undefined;
let brokers = process.env.OW_KAFKA_BROKERS ?? '';
if (values['kafka-mock']) {
  const why = kafkaUnavailable();
  if (why) {
    process.stderr.write(`cannot start the mock cluster: ${why}\n`);
    process.exit(69);
  }
  const partitions = Number(process.env.OW_BUS_PARTITIONS ?? 4);
  cluster = await startKafkaCluster(3, allTopics.map((topic) => ({ name: topic.name, partitions })));
  brokers = cluster.brokers.join(',');
  process.stdout.write(`[kafka] librdkafka mock cluster at ${brokers}\n`);
}
if (!brokers) {
  process.stderr.write('set OW_KAFKA_BROKERS, or run with -- --kafka-mock\n');
  process.exit(64);
}

const children: ChildProcess[] = SERVICES.map((service) => {
  const child = spawn(process.execPath, ['services/host/all-in-one/main.ts'], {
    env: {
      ...process.env,
      OW_SERVICES: service,
      OW_BUS: 'kafka',
      OW_KAFKA_BROKERS: brokers,
      // The mock cluster cannot serve the idempotent producer (ENVIRONMENT.md).
      ...(cluster ? { OW_KAFKA_IDEMPOTENT: 'false' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${service}] ${line}\n`));
  }
  child.on('exit', (code, signal) => process.stdout.write(`[${service}] exited (${signal ?? code})\n`));
  return child;
});

const stop = async () => {
  await Promise.all(
    children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))))),
  );
  await cluster?.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
