import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { type AllInOne, startAllInOne } from '../../services/host/all-in-one/all-in-one.ts';
import { loadConfiguration } from '../../services/host/configuration.ts';
import { serviceNames, type ServiceName } from '../../services/contracts/service-names.ts';
import { allTopics, topicOf } from '../../services/contracts/topics.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import { wholeFeed } from '../../services/platform/store/whole-feed.ts';
import type { Endpoints } from '../lib/channel-clients.ts';
import { type KafkaCluster, startKafkaCluster } from '../lib/kafka-mock-cluster.ts';
import { localPlatformSettings } from '../lib/local-platform-settings.ts';
import { startPostgres } from '../lib/postgres-server.ts';
import { startRecordingGateway } from '../lib/recording-gateway.ts';
import { countAtBroker } from './broker-count.ts';
import { calendarReachesEveryReplica, deadlinesSettled, openCasesInto2027 } from './calendar-check.ts';
import { editionReachesEveryReplica } from './region-edition-check.ts';
import { CheckpointSampler } from './checkpoint-sampler.ts';
import { type PlatformProcess, startPlatformProcess } from './platform-process.ts';
import { type Random, createRandom } from './prng.ts';
import { ReplicaTarget } from './replica-target.ts';
import { checkCases, checkRebuilds, eventsAboutCases, undeliveredNotifications } from './verify.ts';
import { Ledger, type WorkloadContext, clientsFinish, runChannelClient } from './workload.ts';

export interface ReplicatedOptions {
  readonly seed: number;
  /** Replicas of each of the four services. */
  readonly replicas: number;
  readonly clients: number;
  readonly durationMs: number;
  /** SIGKILLs of replicas during the load, owners of background jobs among them. */
  readonly kills: number;
  /** Check what must hold afterwards (default); the bench only measures. */
  readonly verify?: boolean;
  readonly log?: (line: string) => void;
}

export interface ReplicatedReport {
  readonly seed: number;
  readonly replicas: number;
  readonly clients: number;
  readonly loadMs: number;
  readonly kills: ReadonlyArray<{ readonly service: ServiceName; readonly replica: number; readonly owned: readonly string[]; readonly atMs: number }>;
  readonly steps: Ledger['stepCounts'];
  readonly answers: Record<string, number>;
  readonly problems: string[];
  readonly facts: Record<string, number | string>;
}

/** Time allowed, after the load, for the running lifecycles to finish. */
const DRAIN_MS = 90_000;
/** Short leases, so that a killed owner's jobs move to a standby within seconds. */
const LEASE_TTL_MS = 3_000;
const SCHEMA_PREFIX = 'onewindow_';

/**
 * The replicated test: `replicas` processes of each service on one PostgreSQL and librdkafka's
 * mock Kafka cluster, channel clients running case lifecycles against replicas picked at random,
 * and SIGKILLs of replicas (the owners of background jobs preferred) restarted at once. Then the
 * replicas are stopped and one more process of all four services checks what must hold:
 * every acknowledged case with its whole history, each event on Kafka at least once and at most
 * once more per change of its relay's owner (counted at the broker), each notification at the
 * HTTP gateway exactly once, every read model equal to its rebuild, and no checkpoint that ever
 * moved backwards (sampled during the run).
 */
export async function runReplicated(options: ReplicatedOptions): Promise<ReplicatedReport> {
  const began = Date.now();
  // Each line says when, from the start: where the time of a run goes.
  const log = (line: string) => options.log?.(`${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s  ${line}`);
  const random = createRandom(options.seed);
  const problems: string[] = [];
  const facts: Record<string, number | string> = {};
  const postgres = await startPostgres();
  const cluster = await startKafkaCluster(3, allTopics.map((topic) => ({ name: topic.name, partitions: 4 })));
  const gateway = await startRecordingGateway({ honourIdempotencyKey: true });
  const url = await postgres.newDatabase();
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  const dirs: string[] = [];
  const key = Buffer.from(`replicated-${options.seed}`.padEnd(32, '.')).toString('base64');
  const environment = (dataDir: string): Record<string, string> => ({
    ...localPlatformSettings(dataDir),
    OW_STORE: 'postgres',
    OW_POSTGRES_URL: url,
    OW_POSTGRES_POOL_SIZE: '3',
    OW_BUS: 'kafka',
    OW_KAFKA_BROKERS: cluster.brokers.join(','),
    // librdkafka's mock cluster cannot serve the idempotent producer (ENVIRONMENT.md).
    OW_KAFKA_IDEMPOTENT: 'false',
    // One service per process: no supervisor console (it needs acceptance and supervision in one place).
    OW_CONSOLE_PORT: 'off',
    OW_PII_MASTER_KEY: key,
    OW_HOLDER_KEY: key,
    OW_LEASE_TTL_MS: String(LEASE_TTL_MS),
    // A killed member's partitions move on after 5 s (the mock cluster rebalances 1 s sooner).
    OW_KAFKA_SESSION_TIMEOUT_MS: '5000',
    OW_NOTIFICATION_PROVIDER: 'webhook',
    OW_NOTIFICATION_WEBHOOK_URL: gateway.url,
    OW_NOTIFICATION_WEBHOOK_RATE: '1000',
    OW_CONSISTENCY_WAIT_MS: '8000',
    OW_SHUTDOWN_GRACE_MS: '2000',
  });
  const replicas = new Map<string, PlatformProcess>();
  const logDir = mkdtempSync(join(tmpdir(), 'ow-replicated-logs-'));
  /** Each replica's last output, kept in logDir when it ends (a kill, the stop). */
  const keepLog = (name: string, replica: PlatformProcess) => appendFileSync(join(logDir, `${name.replace('/', '-')}.log`), `${replica.tail()}\n--- ended\n`);
  const killed = new Set<PlatformProcess['child']>();
  let stopping = false;
  const target = new ReplicaTarget(random.fork());
  const start = async (service: ServiceName, index: number) => {
    const dataDir = mkdtempSync(join(tmpdir(), `ow-replica-${service}-`));
    dirs.push(dataDir);
    const replica = await startPlatformProcess({ dataDir, command: 'node', services: [service], environment: { ...environment(dataDir), OW_SERVICES: service } });
    replicas.set(`${service}/${index}`, replica);
    void replica.exited.then(({ code, signal }) => {
      if (!killed.has(replica.child) && !stopping) problems.push(`${service} replica ${index} exited on its own (code ${code}, signal ${signal}):\n${replica.tail().slice(-3000)}`);
    });
    target.up(service, index, replica.endpoints[service]);
  };
  const sampler = new CheckpointSampler(admin, serviceNames.map((service) => `${SCHEMA_PREFIX}${service}`));
  const kills: Array<ReplicatedReport['kills'][number]> = [];
  const ledger = new Ledger();
  let loadMs = 0;
  let loadStartedAt = 0;
  try {
    // One acceptance replica first (it seeds the catalog), then all the others side by side.
    await start('acceptance', 0);
    const all = serviceNames.flatMap((service) => Array.from({ length: options.replicas }, (_, index) => ({ service, index })));
    await Promise.all(all.filter(({ service, index }) => service !== 'acceptance' || index > 0).map(({ service, index }) => start(service, index)));
    log(`${options.replicas} replicas of each service up on PostgreSQL and the mock Kafka cluster`);
    sampler.start();
    const loadStarted = Date.now();
    loadStartedAt = loadStarted;
    const stopAt = loadStarted + options.durationMs;
    const context: WorkloadContext = { target, ledger, stopAt, giveUpAt: () => stopAt + DRAIN_MS, callTimeoutMs: 15_000 };
    const runTag = `p${options.seed.toString(36)}`;
    const clients = Array.from({ length: options.clients }, (_, index) => runChannelClient(context, index, random.fork(), runTag));
    const slot = options.durationMs / Math.max(1, options.kills);
    for (let k = 0; k < options.kills; k++) {
      await delay(Math.max(200, loadStarted + k * slot + slot * (0.2 + 0.7 * random.next()) - Date.now()));
      const victim = await chooseVictim(random, admin, replicas);
      const [service, index] = victim.key.split('/') as [ServiceName, string];
      target.down(service, Number(index));
      const replica = replicas.get(victim.key)!;
      killed.add(replica.child);
      await replica.kill();
      keepLog(victim.key, replica);
      kills.push({ service, replica: Number(index), owned: victim.owned, atMs: Date.now() - loadStarted });
      log(`  kill ${k + 1}/${options.kills}: ${victim.key}${victim.owned.length ? `, owner of ${victim.owned.join(', ')}` : ''} (${ledger.stepCounts.submitted} cases acknowledged so far)`);
      await start(service, Number(index));
    }
    if (!(await clientsFinish(clients, Math.max(0, stopAt - Date.now()) + DRAIN_MS + 5_000))) problems.push('the clients did not finish their lifecycles in time');
    loadMs = Date.now() - loadStarted;
    log(`load done after ${loadMs} ms: ${ledger.stepCounts.submitted} submitted, ${ledger.stepCounts.accepted} accepted, ${ledger.stepCounts.decided} decided`);
    let touched: string[] = [];
    if (options.verify !== false) {
      touched = await checkCalendar(replicas, options.replicas, problems, facts);
      log(`calendar: every acceptance replica answered on the 2027 notice after ${facts['new calendar on every acceptance replica after (ms)']} ms`);
      await checkRegionEdition(replicas, options.replicas, problems, facts);
      log(`regions: every acceptance replica had the new edition after ${facts['new division edition on every acceptance replica after (ms)']} ms`);
    }
    stopping = true;
    target.close();
    // All at once, as when a whole deployment is deleted: each must still exit cleanly.
    await Promise.all(
      [...replicas].map(async ([name, replica]) => {
        const exit = await replica.stop();
        keepLog(name, replica);
        if (exit.code !== 0) problems.push(`${name} did not stop cleanly on SIGTERM (code ${exit.code}, signal ${exit.signal})`);
        problems.push(...replica.problems.filter(isUnexpectedLogLine).map((line) => `${name} logged: ${line.slice(0, 600)}`));
      }),
    );
    log('replicas stopped');
    await sampler.stop();
    problems.push(...sampler.problems);
    facts['checkpoint samples'] = sampler.samples;
    if (options.verify === false) return report();
    const relayTenures = await relayTokens(admin);
    const verifyDir = mkdtempSync(join(tmpdir(), 'ow-replicated-verify-'));
    dirs.push(verifyDir);
    const notificationKills = kills.filter((kill) => kill.service === 'notification').map((kill) => loadStartedAt + kill.atMs);
    await verify({ config: { ...environment(verifyDir), OW_SERVICES: 'all' }, ledger, cluster, relayTenures, gateway, notificationKills, touched, problems, facts, log, logTo: join(logDir, 'verify.log') }).catch((error: unknown) =>
      problems.push(`the verification could not finish: ${error instanceof Error ? error.message : String(error)}`),
    );
    problems.push(...ledger.failures.map((failure) => `${failure.kind}: ${failure.what}`));
  } finally {
    stopping = true;
    for (const replica of replicas.values()) await replica.kill();
    await admin.end();
    await gateway.close();
    await cluster.stop();
    await postgres.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    // The replicas' logs are kept only after a run that found something wrong.
    if (problems.length === 0) rmSync(logDir, { recursive: true, force: true });
    else facts['replica logs kept in'] = logDir;
  }
  return report();

  function report(): ReplicatedReport {
    return {
      seed: options.seed,
      replicas: options.replicas,
      clients: options.clients,
      loadMs,
      kills,
      steps: { ...ledger.stepCounts },
      answers: Object.fromEntries([...ledger.answers].sort(([a], [b]) => a.localeCompare(b))),
      problems,
      facts,
    };
  }
}

/**
 * The next replica to kill: with even odds the owner of a background job (its lease names the
 * holder's process id), else any replica.
 */
async function chooseVictim(random: Random, admin: pg.Pool, replicas: Map<string, PlatformProcess>): Promise<{ key: string; owned: string[] }> {
  const owners = new Map<number, string[]>();
  if (random.chance(0.5)) {
    for (const service of serviceNames) {
      const { rows } = await admin.query<{ name: string; holder: string }>(`SELECT name, holder FROM ${SCHEMA_PREFIX}${service}.leases WHERE expires_at > clock_timestamp()`);
      for (const row of rows) {
        const pid = Number(row.holder.split(':')[1]);
        owners.set(pid, [...(owners.get(pid) ?? []), `${service} ${row.name}`]);
      }
    }
  }
  const owning = [...replicas].filter(([, replica]) => owners.has(replica.child.pid ?? -1));
  const [key, replica] = random.pick(owning.length ? owning : [...replicas]);
  return { key, owned: owners.get(replica.child.pid ?? -1) ?? [] };
}

/**
 * A holiday notice loaded through one replica reaches every acceptance replica's ComputeDeadline
 * within 5 s, and moves the open cases it touches (accepted just before, with a 2027 deadline).
 */
async function checkCalendar(replicas: Map<string, PlatformProcess>, count: number, problems: string[], facts: Record<string, number | string>): Promise<string[]> {
  const endpoints = Array.from({ length: count }, (_, index) => replicas.get(`acceptance/${index}`)!.endpoints.acceptance);
  const touched = await openCasesInto2027(endpoints[count - 1]!, replicas.get('approval/0')!.endpoints.approval, 3);
  const after = await calendarReachesEveryReplica(endpoints[0]!, endpoints);
  after.forEach((ms, index) => {
    if (ms === undefined || ms > 5_000) problems.push(`acceptance replica ${index} answered ComputeDeadline on the new calendar only after ${ms ?? 'more than 10000'} ms (at most 5000)`);
  });
  facts['new calendar on every acceptance replica after (ms)'] = Math.max(...after.map((ms) => ms ?? Number.POSITIVE_INFINITY));
  for (const unsettled of await deadlinesSettled(endpoints[0]!, touched)) problems.push(`case ${unsettled} was not recomputed after the notice`);
  return touched;
}

/** A division edition loaded through one replica reaches every acceptance replica within 5 s. */
async function checkRegionEdition(replicas: Map<string, PlatformProcess>, count: number, problems: string[], facts: Record<string, number | string>): Promise<void> {
  const endpoints = Array.from({ length: count }, (_, index) => replicas.get(`acceptance/${index}`)!.endpoints.acceptance);
  const after = await editionReachesEveryReplica(endpoints[0]!, endpoints);
  after.forEach((ms, index) => {
    if (ms === undefined || ms > 5_000) problems.push(`acceptance replica ${index} had the new division edition only after ${ms ?? 'more than 10000'} ms (at most 5000)`);
  });
  facts['new division edition on every acceptance replica after (ms)'] = Math.max(...after.map((ms) => ms ?? Number.POSITIVE_INFINITY));
}

/** Each service's relay lease token: how many owners its relay has had. */
async function relayTokens(admin: pg.Pool): Promise<Map<ServiceName, number>> {
  const tokens = new Map<ServiceName, number>();
  for (const service of serviceNames) {
    const { rows } = await admin.query<{ token: string }>(`SELECT token FROM ${SCHEMA_PREFIX}${service}.leases WHERE name = $1`, [`relay:${topicOf(service).name}`]);
    tokens.set(service, Number(rows[0]?.token ?? 0));
  }
  return tokens;
}

/**
 * Error lines a replica may log for what the test does to it (a peer killed, the broker's group
 * moving), and Node's warning about kafkajs's request queue, which sets a negative timeout when a
 * throttle check finds nothing pending (Node then waits 1 ms, as kafkajs means). kafkajs's own lines
 * (the bus logs them with their namespace) report requests it retries and members it restarts,
 * such as one the mock cluster answered INVALID_REQUEST to a SyncGroup that came after the
 * leader's: they do not count. What the platform does about a failure it logs itself, and those
 * lines count, except the ones above; a consumer given up for good logs "stopped" (fatal).
 */
function isUnexpectedLogLine(line: string): boolean {
  if (KAFKAJS_LINE.test(line)) return false;
  return !/KafkaJSTopicMetadataNotLoaded|The coordinator is not aware of this member|Specified group generation id is not valid|TimeoutNegativeWarning|Timeout duration was set to 1|node --trace-warnings|ECONNREFUSED|ECONNRESET|Connection terminated|rebalanc|not the coordinator|The group is rebalancing|Broker not connected|Closed connection|socket hang up|KafkaJSNumberOfRetriesExceeded/i.test(line);
}

const KAFKAJS_LINE = /^\{"level":"(error|warn)",[^\n]*"kafka":"/;

async function verify(options: {
  config: Record<string, string>;
  ledger: Ledger;
  cluster: KafkaCluster;
  relayTenures: Map<ServiceName, number>;
  gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
  /** When notification replicas were SIGKILLed (Date.now()). */
  notificationKills: readonly number[];
  /** The cases the calendar change moved. */
  touched: readonly string[];
  /** Where the verifying process's log goes (kept with the replicas' after a failed run). */
  logTo: string;
  problems: string[];
  facts: Record<string, number | string>;
  log: (line: string) => void;
}): Promise<void> {
  const { problems, facts, log } = options;
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), appendFileSync(options.logTo, String(chunk)), done()) }),
  });
  const platform = await startAllInOne({ config: loadConfiguration(options.config), logger });
  const errorsLogged = () => logLines.filter((line) => /"level":"(error|fatal)"/.test(line) && isUnexpectedLogLine(line));
  try {
    const started = Date.now();
    facts['settled after the replicas stopped (ms)'] = await quiescence(platform);
    log(`verify: settled after ${Date.now() - started} ms`);
    await checkCases(platform.endpoints as unknown as Endpoints, options.ledger, await eventsAboutCases(platform), problems, facts);
    log(`verify: ${facts['cases acknowledged']} acknowledged cases and their histories checked`);
    await checkBroker(platform, options.cluster, options.relayTenures, problems, facts);
    log(`verify: events counted at the broker (${Date.now() - started} ms)`);
    await checkGateway(platform, options.gateway, options.notificationKills, problems, facts);
    await checkRecomputedOnce(platform, options.touched, problems, facts);
    await checkRebuilds(platform, problems, facts);
    log(`verify: ${facts['read models rebuilt']} read models equal their rebuilds (${Date.now() - started} ms)`);
  } finally {
    await platform.stop();
    const errors = errorsLogged();
    if (errors.length) problems.push(`the verifying process logged ${errors.length} errors, e.g. ${errors.slice(0, 3).map((line) => line.slice(0, 400)).join(' | ')}`);
  }
}

/** Until nothing moves: relays and projections caught up, nothing left to send, no store grew for three seconds. */
async function quiescence(platform: AllInOne, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  let previous = '';
  let stableSince = Date.now();
  for (;;) {
    let lag = 0;
    const heads: number[] = [];
    for (const service of serviceNames) {
      heads.push(await platform.dependencies[service].store.headPosition());
      lag += await platform.modules[service].relayLag();
      for (const runner of platform.modules[service].projections) lag += await runner.lag();
    }
    const signature = `${heads.join(',')}|${lag}`;
    if (signature !== previous) [previous, stableSince] = [signature, Date.now()];
    else if (lag === 0 && Date.now() - stableSince >= 3_000 && (await undeliveredNotifications(platform)).length === 0) return Date.now() - started - 3_000;
    if (Date.now() - started > timeoutMs) throw new Error(`the platform did not settle within ${timeoutMs} ms (lag ${lag})`);
    await delay(250);
  }
}

/** Every stored event on its topic at least once, and at most once more per change of its relay's owner. */
async function checkBroker(platform: AllInOne, cluster: KafkaCluster, tenures: Map<ServiceName, number>, problems: string[], facts: Record<string, number | string>): Promise<void> {
  const counts = await countAtBroker(cluster.brokers, allTopics.map((topic) => topic.name));
  let stored = 0;
  let repeated = 0;
  for (const service of serviceNames) {
    const allowed = Math.max(1, tenures.get(service) ?? 1);
    facts[`${service} relay owners during the run`] = tenures.get(service) ?? 0;
    for await (const event of wholeFeed(platform.dependencies[service].store)) {
      stored += 1;
      const times = counts.get(event.eventId) ?? 0;
      if (times === 0) problems.push(`${service} event ${event.eventId} (${event.eventType}) never reached Kafka`);
      if (times > 1) repeated += 1;
      if (times > allowed) problems.push(`${service} event ${event.eventId} reached Kafka ${times} times, more than 1 + ${allowed - 1} owner changes of its relay`);
    }
  }
  facts['events stored'] = stored;
  facts['events at the broker more than once'] = repeated;
  facts['messages at the broker'] = [...counts.values()].reduce((sum, n) => sum + n, 0);
}

/** After the calendar change, each process it touched recomputed once, and no stream more than once for it. */
async function checkRecomputedOnce(platform: AllInOne, touched: readonly string[], problems: string[], facts: Record<string, number | string>): Promise<void> {
  const times = new Map<string, number>();
  const processes = new Map<string, number>();
  for (const service of ['acceptance', 'approval'] as const) {
    for await (const event of wholeFeed(platform.dependencies[service].store)) {
      if (event.eventType !== 'caseDeadlinesRecomputed' && event.eventType !== 'processDeadlinesRecomputed') continue;
      const key = `${service} ${event.streamId} ${(event.payload as { reason?: string }).reason ?? ''}`;
      times.set(key, (times.get(key) ?? 0) + 1);
      if (service === 'approval') processes.set(event.correlationId ?? '', (processes.get(event.correlationId ?? '') ?? 0) + 1);
    }
  }
  const twice = [...times].filter(([, n]) => n > 1);
  if (twice.length) problems.push(`${twice.length} streams recomputed their deadlines more than once for one calendar change, e.g. ${twice[0]![0]}`);
  for (const caseNumber of touched) {
    if (processes.get(caseNumber) !== 1) problems.push(`the process of ${caseNumber} recomputed its deadlines ${processes.get(caseNumber) ?? 0} times after the notice, not once`);
  }
  facts['deadline recomputations after the notice'] = [...times.values()].reduce((sum, n) => sum + n, 0);
}

/**
 * Each notification (one per event, recipient and channel: its id is derived from the three)
 * delivered by the gateway exactly once, and each one recorded as sent. The gateway honours
 * Idempotency-Key, as the webhook provider requires: a replica that sent a message and was killed
 * before it recorded the send leaves it to the next owner, whose request repeats the key. Such a
 * repeat is accounted for only by a kill of a notification replica between the first request and
 * the repeat; any other means two replicas sent at once.
 */
async function checkGateway(
  platform: AllInOne,
  gateway: Awaited<ReturnType<typeof startRecordingGateway>>,
  notificationKills: readonly number[],
  problems: string[],
  facts: Record<string, number | string>,
): Promise<void> {
  const first = new Map<string, number>();
  const unexplained: string[] = [];
  for (const request of gateway.requests) {
    const { notificationId } = request.body;
    const firstAt = first.get(notificationId);
    if (firstAt === undefined) first.set(notificationId, request.at);
    else if (!notificationKills.some((killedAt) => killedAt >= firstAt && killedAt <= request.at)) unexplained.push(notificationId);
  }
  if (unexplained.length) problems.push(`${unexplained.length} notifications were sent again with no notification replica killed in between, e.g. ${unexplained.slice(0, 3).join(', ')}`);
  const sent = new Set<string>();
  for await (const event of wholeFeed(platform.dependencies.notification.store)) {
    if (event.eventType === 'notificationSent') sent.add((event.payload as { notificationId: string }).notificationId);
  }
  const missing = [...sent].filter((id) => !first.has(id));
  if (missing.length) problems.push(`${missing.length} notifications recorded as sent never reached the gateway`);
  const unrecorded = [...first.keys()].filter((id) => !sent.has(id));
  if (unrecorded.length) problems.push(`${unrecorded.length} notifications the gateway delivered are not recorded as sent`);
  facts['notifications delivered by the gateway'] = first.size;
  facts['requests repeating an Idempotency-Key after a kill'] = gateway.requests.length - first.size;
  facts['notifications recorded as sent'] = sent.size;
}

export function formatReplicatedReport(report: ReplicatedReport): string {
  const seconds = report.loadMs / 1000;
  return [
    `seed ${report.seed}; ${report.replicas} replicas of each service; ${report.clients} clients; load ${seconds.toFixed(1)} s`,
    `kills: ${report.kills.length} (${report.kills.filter((kill) => kill.owned.length).length} of owners of background jobs)`,
    ...report.kills.map((kill) => `  ${(kill.atMs / 1000).toFixed(1)} s ${kill.service}/${kill.replica}${kill.owned.length ? ` owning ${kill.owned.join(', ')}` : ''}`),
    `lifecycles: ${report.steps.submitted} submitted, ${report.steps.accepted} accepted, ${report.steps.decided} approved (${(report.steps.decided / Math.max(seconds, 1)).toFixed(1)} approvals/s)`,
    'answers:',
    ...Object.entries(report.answers).map(([answer, n]) => `  ${answer.padEnd(36)} ${n}`),
    'verification:',
    ...Object.entries(report.facts).map(([fact, value]) => `  ${fact.padEnd(44)} ${value}`),
    report.problems.length ? `PROBLEMS (${report.problems.length}):` : 'no problems found',
    ...report.problems.slice(0, 40).map((problem) => `  - ${problem}`),
  ].join('\n');
}

