import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, runDemoFlow } from '../../scripts/demo-flow.ts';
import { call, connect, type Endpoints } from '../../scripts/lib/channel-clients.ts';
import { type KafkaCluster, startKafkaCluster } from '../../scripts/lib/kafka-mock-cluster.ts';
import { developmentTokens } from '../../scripts/lib/local-platform-settings.ts';
import { allTopics } from '../../services/contracts/topics.ts';
import { type ServiceName } from '../../services/contracts/service-names.ts';
import { as } from '../support/channels.ts';
import { type RunningChild, startChild } from '../support/child-process.ts';
import { skipWithoutKafka } from '../support/kafka-suite.ts';
import { unmaskedPersonalData } from '../support/personal-data-scan.ts';
import { waitUntil } from '../support/test-platform.ts';

const SERVICES: readonly ServiceName[] = ['acceptance', 'approval', 'supervision', 'notification'];
const skip = skipWithoutKafka('distributed mode: four processes over Kafka');

describe.skipIf(skip)('distributed mode: four processes with Kafka between them', () => {
  let cluster: KafkaCluster;
  const dataDir = mkdtempSync(join(tmpdir(), 'ow-distributed-'));
  const processes = new Map<ServiceName, RunningChild>();
  const endpoints: Record<string, string> = {};
  /** Every output line of every process that ever ran, for the personal-data scan. */
  const outputs: string[] = [];
  const flows: DemoResult[] = [];

  /** The environment of a service's process; a restart keeps its port, so clients find it again. */
  const environmentOf = (service: ServiceName): NodeJS.ProcessEnv => ({
    OW_DATA_DIR: dataDir,
    OW_SERVICES: service,
    OW_BUS: 'kafka',
    OW_KAFKA_BROKERS: cluster.brokers.join(','),
    // librdkafka's mock cluster cannot serve the idempotent producer (ENVIRONMENT.md).
    OW_KAFKA_IDEMPOTENT: 'false',
    [`OW_${service.toUpperCase()}_PORT`]: endpoints[service]?.split(':')[1] ?? '0',
    OW_NOTIFICATION_QUIET_HOURS: '',
    OW_SHUTDOWN_GRACE_MS: '2000',
    ...developmentTokens,
    // Reads wait longer for their consistency token while a broker is away; clients also retry.
    OW_CONSISTENCY_WAIT_MS: '4000',
    OW_RPC_TIMEOUT_MS: '30000',
    // The test polls as a few callers, faster than the default rate limit allows.
    OW_RATE_LIMIT_PER_SECOND: '0',
  });
  const start = async (service: ServiceName) => {
    const child = startChild(process.execPath, ['services/host/all-in-one/main.ts'], environmentOf(service));
    processes.set(service, child);
    const [, endpoint] = await child.waitFor(new RegExp(`\\n  ${service}\\s+(\\S+:\\d+)`), 90_000);
    endpoints[service] = endpoint!;
    return child;
  };
  const kill = async (service: ServiceName) => {
    const child = processes.get(service)!;
    outputs.push(child.output());
    child.killAll();
    await child.exited;
  };
  // Generous: a member killed without leaving holds its partitions until its session times out.
  const outputOfAll = () => [...outputs, ...[...processes.values()].map((child) => child.output())].join('\n');
  const flow = async () => {
    const result = await runDemoFlow(endpoints as unknown as Endpoints, () => undefined, 90_000);
    flows.push(result);
    return result;
  };

  beforeAll(async () => {
    // Topics exist before the services subscribe, as the manifests make them in production.
    cluster = await startKafkaCluster(3, allTopics.map((topic) => ({ name: topic.name, partitions: 4 })));
    await Promise.all(SERVICES.map(start));
  }, 180_000);

  afterAll(async () => {
    for (const service of SERVICES) if (processes.has(service)) await kill(service);
    await cluster?.stop();
  });

  it('runs a case through all four services: one history, the clock, the notices', async () => {
    const result = await flow();
    expect(new Set(result.history.map((e) => e.sourceService))).toEqual(new Set(SERVICES));
    expect(result.clock.status).toBe('CLOCK_STATUS_STOPPED');
    expect(result.notifications.map((n) => [n.templateId, n.status])).toEqual([
      ['case-submitted', 'NOTIFICATION_STATUS_SENT'],
      ['case-accepted', 'NOTIFICATION_STATUS_SENT'],
      ['case-concluded', 'NOTIFICATION_STATUS_SENT'],
    ]);
  }, 120_000);

  it('completes a case while brokers go down and come back', async () => {
    const running = flow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Two of the three: most partitions and group coordinators are away, whatever the assignment.
    await cluster.command!('down 1');
    await cluster.command!('down 2');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await cluster.command!('up 1');
    await cluster.command!('up 2');
    const result = await running;
    expect(result.clock.status).toBe('CLOCK_STATUS_STOPPED');
    expect(outputOfAll()).toMatch(/ECONNREFUSED|Connection error|not the leader/);
  }, 120_000);

  it('completes a case through failing produce requests', async () => {
    // The next 5 Produce requests (API key 0) fail with NOT_LEADER_OR_FOLLOWER (6): retried.
    const before = (outputOfAll().match(/not the leader for that topic-partition/g) ?? []).length;
    await cluster.command!('errors 0 5 6');
    const result = await flow();
    expect(result.clock.status).toBe('CLOCK_STATUS_STOPPED');
    // The producers met the errors (kafkajs logs each) and retried through them.
    expect((outputOfAll().match(/not the leader for that topic-partition/g) ?? []).length).toBeGreaterThan(before);
  }, 120_000);

  it('completes a case when the notification process is killed while its groups rebalance, and restarted', async () => {
    await kill('notification');
    const running = flow();
    // Killed again while it is joining its consumer groups, before it is up.
    const joining = startChild(process.execPath, ['services/host/all-in-one/main.ts'], environmentOf('notification'));
    await joining.waitFor(/"msg":"published|\{/, 30_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    outputs.push(joining.output());
    joining.killAll();
    await joining.exited;
    await start('notification');
    const result = await running;
    expect(result.clock.status).toBe('CLOCK_STATUS_STOPPED');
  }, 180_000);

  it('loses no event and sends no notification twice, across all of the above', async () => {
    const clients = connect(endpoints as unknown as Endpoints);
    try {
      let queued = 0;
      for (const { caseNumber, history } of flows) {
        expect(history.map((e) => e.eventType)).toEqual(expect.arrayContaining(['caseSubmitted', 'caseAccepted', 'processStarted', 'processConcluded', 'caseConcluded', 'caseClockStarted', 'caseClockStopped', 'notificationQueued', 'notificationSent']));
        // Each event once in the history, however often the bus delivered it.
        expect(new Set(history.map((e) => e.eventId)).size).toBe(history.length);
        await waitUntil(`the messages of ${caseNumber} sent`, async () => {
          const { notifications } = await call(clients.notification.listNotifications, clients.notification, { caseNumber, recipientSubject: '', pageSize: 200, pageToken: '', consistencyToken: '' }, as('countyClerk', 'counter'));
          queued = notifications.length;
          return notifications.every((n) => n.status === 'NOTIFICATION_STATUS_SENT');
        }, 30_000);
      }
      const sent = readFileSync(join(dataDir, 'notification', 'outbox.jsonl'), 'utf8').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line).notificationId as string);
      expect(new Set(sent).size).toBe(sent.length);
      expect(sent.length).toBeGreaterThanOrEqual(flows.length * 4);
      expect(queued).toBeGreaterThan(0);
    } finally {
      clients.close();
    }
    for (const child of processes.values()) outputs.push(child.output());
    expect(outputs.flatMap((output) => unmaskedPersonalData(output))).toEqual([]);
  }, 120_000);
});
