import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { AcceptCaseRequest, GetCaseHistoryRequest, ListServiceItemsRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { ListTasksRequest } from '../../generated/onewindow/approval/v1/approval_service.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { mintDevelopmentToken } from '../../services/platform/auth/development-token.ts';
import { type Endpoints, call, callerMetadata, connect } from '../lib/channel-clients.ts';
import { type FuzzMethod, type ValuePools, emptyPools, fuzzMethods, hugeMessage, mutate, randomField, randomMessage, restrictGenerator } from './fuzz-messages.ts';
import { templates } from './fuzz-templates.ts';
import { type KnownFinding, restrictionsInForce } from './known-findings.ts';
import { healthOf } from './health.ts';
import { startPlatformProcess } from './platform-process.ts';
import { type Random, createRandom } from './prng.ts';
import { FORBIDDEN_CODES, statusName } from './workload.ts';

/**
 * The fuzz test: random and damaged protobuf requests to every RPC of the four services, under
 * random callers (valid development tokens of every role, broken tokens, none) and channels. Every
 * answer must be OK or a deliberate status, never INTERNAL, UNKNOWN, DATA_LOSS or UNIMPLEMENTED; the platform
 * (a child process, as `npm start` runs it) must not crash, must log no error, and must still
 * answer health checks and queries afterwards. The sequence of requests depends only on the seed.
 */

export interface FuzzFinding {
  /** A forbidden status, or a request after which the platform stopped answering (found by replaying the suspects one by one). */
  readonly kind: 'forbidden-status' | 'stall';
  readonly index: number;
  readonly method: string;
  readonly strategy: string;
  readonly code: number;
  readonly status: string;
  readonly details: string;
  /** The request's bytes (the first 4 KiB when larger) and full length. */
  readonly hex: string;
  readonly length: number;
  readonly authorization: string | undefined;
  readonly channel: string | undefined;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly requests: number;
  readonly log?: (line: string) => void;
  /** A file to write every request to (JSON lines: index, method, strategy, metadata, length, hex), for reproducing. */
  readonly traceFile?: string;
  /**
   * Reproduces: makes the seed's requests up to the largest of these indices as a full run would,
   * but sends only these, one at a time and in order.
   */
  readonly replay?: readonly number[];
  /** Ignore the open findings' restrictions (to see whether a fix works, or what else they hide). */
  readonly unrestricted?: boolean;
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  readonly durationMs: number;
  readonly methods: number;
  /** Answers by status name. */
  readonly byStatus: Record<string, number>;
  readonly byStrategy: Record<string, number>;
  /**
   * Methods that answered something other than UNAUTHENTICATED/PERMISSION_DENIED/INVALID_ARGUMENT/RESOURCE_EXHAUSTED
   * at least once (a request the client refused to send counts as no answer): reached past validation.
   */
  readonly methodsReachedPastValidation: number;
  /** Methods that never got past authentication and validation: the fuzz says little about their handlers. */
  readonly methodsNotReached: string[];
  readonly findings: FuzzFinding[];
  readonly problems: string[];
}

/** The workload's forbidden statuses (UNKNOWN, INTERNAL, DATA_LOSS) plus UNIMPLEMENTED. */
const FORBIDDEN: ReadonlySet<number> = new Set([...FORBIDDEN_CODES, grpc.status.UNIMPLEMENTED]);

/** Requests in flight at once (one when replaying). */
const CONCURRENCY = 16;

const CALLERS: readonly TokenClaims[] = [
  { sub: 'clerk-gulou-07', roles: ['clerk'], region: '350102', hall: 'gulou-hall', window: 'window-7' },
  { sub: 'clerk-gudong-01', roles: ['clerk'], region: '350102001', hall: 'gudong-station', window: 'window-1' },
  { sub: 'clerk-minhou-03', roles: ['clerk'], region: '350121', hall: 'minhou-hall', window: 'window-3' },
  { sub: 'applicant-lisi', roles: ['applicant'], holder: { idNumber: '34052419800101001X' } },
  { sub: 'applicant-company', roles: ['applicant'], holder: { creditCode: '91350100M000100Y43' } },
  { sub: 'applicant-anon', roles: ['applicant'] },
  { sub: 'approver-scjgj-02', roles: ['approver'], department: 'SCJGJ', region: '350102' },
  { sub: 'approver-gjjzx-01', roles: ['approver'], department: 'GJJZX', region: '350100' },
  { sub: 'supervisor-fuzhou-01', roles: ['supervisor'], region: '350100' },
  { sub: 'supervisor-nation', roles: ['supervisor'], region: '100000' },
  { sub: 'operator-1', roles: ['operator'] },
  { sub: 'service:system-gateway', roles: ['system'] },
  { sub: 'everyone', roles: ['clerk', 'approver', 'supervisor', 'operator', 'applicant'], department: 'SCJGJ', region: '350102', hall: 'gulou-hall', window: 'window-1', holder: { idNumber: '34052419800101001X' } },
];
const CHANNELS = ['counter', 'pc', 'mobile', 'kiosk', 'hotline', 'mail'];

/** Callers each service's methods are mostly for (by index into CALLERS), tried more often than the rest. */
const LIKELY_CALLERS: Record<FuzzMethod['service'] | 'administration', readonly number[]> = {
  acceptance: [0, 1, 2, 3, 4, 5, 12],
  administration: [10, 12],
  approval: [6, 7, 8, 12],
  supervision: [8, 9, 3, 6, 12],
  notification: [3, 11, 8, 12],
};

function authorizationFor(method: FuzzMethod, random: Random): { value: string | undefined; valid: boolean } {
  if (random.chance(0.75)) {
    const likely = LIKELY_CALLERS[method.path.includes('AdministrationService') ? 'administration' : method.service];
    const caller = random.chance(0.6) ? CALLERS[random.pick(likely)]! : random.pick(CALLERS);
    return { value: `Bearer ${mintDevelopmentToken(caller)}`, valid: true };
  }
  const json = (value: unknown) => `Bearer dev.${Buffer.from(JSON.stringify(value)).toString('base64url')}`;
  const value = random.pick([
    undefined,
    '',
    'Bearer ',
    'Bearer dev.',
    'Basic dXNlcjpwYXNz',
    `Bearer dev.${random.bytes(random.between(1, 60)).toString('base64url')}`,
    json({ sub: 'x', roles: ['root'] }),
    json({ sub: 'x', roles: [] }),
    json({ sub: '', roles: ['clerk'] }),
    json({ sub: 'x'.repeat(200), roles: ['clerk'] }),
    json({ sub: 'x', roles: ['clerk'], region: '35010x' }),
    json({ sub: 'x', roles: ['applicant'], holder: { idNumber: '34052419800101001X', creditCode: '91350100M000100Y43' } }),
    json({ sub: 'x', roles: ['applicant'], holder: { idNumber: '123' } }),
    json({ sub: 'x', roles: ['clerk'], department: 'd'.repeat(100) }),
    json([1, 2, 3]),
    json(null),
    'Bearer dev.e30',
    `Bearer ${'a'.repeat(random.between(100, 6000))}`,
    mintDevelopmentToken(random.pick(CALLERS)),
  ]);
  return { value, valid: false };
}

function channelFor(random: Random): string | undefined {
  if (random.chance(0.85)) return random.pick(CHANNELS);
  return random.pick([undefined, '', 'COUNTER', 'tv', 'counter,pc', 'x'.repeat(300)]);
}

interface FuzzRequest {
  readonly method: FuzzMethod;
  readonly strategy: string;
  readonly bytes: Buffer;
  readonly authorization: string | undefined;
  readonly channel: string | undefined;
  readonly traceparent?: string;
}

function nextRequest(methods: readonly FuzzMethod[], random: Random, pools: ValuePools): FuzzRequest {
  const method = random.pick(methods);
  const template = templates[method.path];
  if (template && random.chance(0.35)) {
    const valid = template.make(random, `fuzz-${random.int(2 ** 31).toString(36)}`);
    const changed = random.chance(0.7);
    const bytes = changed ? Buffer.concat([valid, randomField(method.input, random, pools)]) : valid;
    const asTemplateCaller = random.chance(0.85);
    const authorization = asTemplateCaller ? { value: `Bearer ${mintDevelopmentToken(CALLERS[template.caller]!)}`, valid: true } : authorizationFor(method, random);
    return {
      method,
      strategy: `${changed ? 'valid request, one field random' : 'valid request'}${authorization.valid ? '' : ', broken token'}`,
      bytes,
      authorization: authorization.value,
      channel: asTemplateCaller ? template.channel : channelFor(random),
    };
  }
  const roll = random.next();
  let strategy: string;
  let bytes: Buffer;
  if (roll < 0.55) {
    strategy = 'well-formed';
    bytes = randomMessage(method.input, random, pools);
  } else if (roll < 0.82) {
    const mutated = mutate(randomMessage(method.input, random, pools), random);
    strategy = `damaged: ${mutated.how}`;
    bytes = mutated.bytes;
  } else if (roll < 0.94) {
    strategy = 'random bytes';
    bytes = random.bytes(random.chance(0.9) ? random.between(0, 300) : random.between(300, 20_000));
  } else if (roll < 0.97) {
    strategy = 'huge';
    bytes = hugeMessage(method.input, random, pools, random.chance(0.8) ? 1_000_000 : 5_000_000);
  } else {
    strategy = 'empty';
    bytes = Buffer.alloc(0);
  }
  const authorization = authorizationFor(method, random);
  return {
    method,
    strategy: authorization.valid ? strategy : `${strategy}, broken token`,
    bytes,
    authorization: authorization.value,
    channel: channelFor(random),
    ...(random.chance(0.05) ? { traceparent: random.pick(['00-zz-yy-01', '', `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`, 'x'.repeat(500)]) } : {}),
  };
}

interface Answer {
  readonly code: number;
  readonly details: string;
}

const same = (bytes: Buffer) => bytes;

/** Sends one request: unary, or the server stream cancelled after its first message. */
function send(client: grpc.Client, request: FuzzRequest, timeoutMs: number): Promise<Answer> {
  const metadata = new grpc.Metadata();
  try {
    if (request.authorization !== undefined) metadata.set('authorization', request.authorization);
    if (request.channel !== undefined) metadata.set('ow-channel', request.channel);
    if (request.traceparent !== undefined) metadata.set('traceparent', request.traceparent);
  } catch (error) {
    return Promise.resolve({ code: -1, details: `the client refused the metadata: ${String(error)}` });
  }
  const options = { deadline: Date.now() + timeoutMs };
  if (!request.method.streaming) {
    return new Promise((resolve) =>
      client.makeUnaryRequest(request.method.path, same, same, request.bytes, metadata, options, (error) =>
        resolve(error ? { code: error.code, details: error.details } : { code: grpc.status.OK, details: '' }),
      ),
    );
  }
  return new Promise((resolve) => {
    let settled = false;
    const stream = client.makeServerStreamRequest(request.method.path, same, same, request.bytes, metadata, options);
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.cancel();
      resolve(answer);
    };
    // A stream that opened and sent nothing yet (a case with no history) is alive: that is an answer too.
    const timer = setTimeout(() => done({ code: grpc.status.OK, details: 'open, no message within 1.5 s' }), 1_500);
    stream.on('data', () => done({ code: grpc.status.OK, details: '' }));
    stream.on('error', (error: grpc.ServiceError) => done({ code: error.code, details: error.details }));
    stream.on('status', (status: grpc.StatusObject) => done({ code: status.code, details: status.details }));
  });
}

/** Real values from the running platform: cases in several states, their tasks, items, notifications. */
async function harvestPools(endpoints: Endpoints): Promise<ValuePools> {
  const pools = emptyPools();
  const clients = connect(endpoints);
  try {
    const counter = callerMetadata(CALLERS[0]!, 'counter');
    const applicant = callerMetadata(CALLERS[3]!, 'pc');
    const approver = callerMetadata(CALLERS[6]!, 'pc');
    const { items } = await call(clients.acceptance.listServiceItems, clients.acceptance, ListServiceItemsRequest.fromPartial({}), counter);
    pools.itemCodes.push(...items.map((item) => item.itemCode));
    pools.materialCodes.push(...new Set(items.flatMap((item) => item.materials.map((m) => m.code))));
    const item = items.find((i) => i.itemCode === '11350102003061XR-000120102000') ?? items[0]!;
    for (let n = 0; n < 4; n++) {
      const submitted = await call(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
        requestId: `fuzz-pool-${n}`,
        itemCode: item.itemCode,
        applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_C' })),
        submittedRegionCode: '350102',
      }), applicant);
      pools.caseNumbers.push(submitted.caseNumber);
      pools.consistencyTokens.push(submitted.consistencyToken);
      if (n === 0) continue; // one stays submitted
      const accepted = await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: `fuzz-pool-accept-${n}`, caseNumber: submitted.caseNumber }), counter);
      pools.consistencyTokens.push(accepted.consistencyToken);
    }
    for (let attempt = 0; attempt < 100; attempt++) {
      const { tasks } = await call(clients.approval.listTasks, clients.approval, ListTasksRequest.fromPartial({}), approver);
      pools.taskIds.splice(0, pools.taskIds.length, ...tasks.map((task) => task.taskId));
      if (pools.taskIds.length >= 3) break;
      await delay(50);
    }
    // One case concluded: approve its task.
    const [first] = pools.taskIds;
    if (first) {
      await call(clients.approval.claimTask, clients.approval, { requestId: 'fuzz-pool-claim', taskId: first }, approver);
      await call(clients.approval.decideTask, clients.approval, { requestId: 'fuzz-pool-decide', taskId: first, decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, approver);
    }
    for (let attempt = 0; attempt < 100 && pools.notificationIds.length === 0; attempt++) {
      const { notifications } = await call(clients.notification.listNotifications, clients.notification, { caseNumber: pools.caseNumbers[0]!, recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '' }, applicant);
      pools.notificationIds.push(...notifications.map((n) => n.notificationId));
      await delay(50);
    }
  } finally {
    clients.close();
  }
  return pools;
}

/**
 * Replays a known finding on a fresh platform: it holds if the answer is OK or deliberate and the
 * platform still answers a health check afterwards.
 */
export async function replayFinding(finding: KnownFinding): Promise<{ readonly holds: boolean; readonly answer: string; readonly healthyAfter: boolean }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ow-reliability-finding-'));
  const platform = await startPlatformProcess({ dataDir });
  const method = fuzzMethods().find((m) => m.path === finding.method);
  if (!method) throw new Error(`${finding.id}: no method ${finding.method}`);
  const client = new grpc.Client(platform.endpoints[method.service], grpc.credentials.createInsecure());
  try {
    const request: FuzzRequest = { method, strategy: finding.id, bytes: Buffer.from(finding.hex, 'hex'), authorization: finding.authorization, channel: finding.channel };
    const answer = await send(client, request, 5_000);
    const healthyAfter = (await healthOf(platform.endpoints.acceptance)) === 'SERVING';
    const status = answer.code === -1 ? 'client-refused' : statusName(answer.code);
    return { holds: !FORBIDDEN.has(answer.code) && answer.code !== grpc.status.DEADLINE_EXCEEDED && healthyAfter, answer: `${status}: ${answer.details}`, healthyAfter };
  } finally {
    client.close();
    await platform.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Replays each suspect alone against a fresh platform: the one after which the platform no longer
 * answers a health check within 3 s is the culprit.
 */
async function triageStall(suspects: Array<[number, FuzzRequest]>, log: (line: string) => void): Promise<FuzzFinding[]> {
  const culprits: FuzzFinding[] = [];
  for (const [index, request] of suspects.slice(0, 24)) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ow-reliability-fuzz-triage-'));
    const platform = await startPlatformProcess({ dataDir });
    try {
      const client = new grpc.Client(platform.endpoints[request.method.service], grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 });
      const answer = send(client, request, 3_000);
      await delay(200);
      const healthy = (await healthOf(platform.endpoints.acceptance)) === 'SERVING';
      if (!healthy) {
        log(`fuzz: #${index} ${request.method.name} stops the platform`);
        culprits.push({
          kind: 'stall',
          index,
          method: request.method.path,
          strategy: request.strategy,
          code: -1,
          status: 'no answer; the platform stopped answering health checks',
          details: '',
          hex: request.bytes.subarray(0, 4096).toString('hex'),
          length: request.bytes.length,
          authorization: request.authorization,
          channel: request.channel,
        });
      }
      client.close();
      void answer;
    } finally {
      await platform.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return culprits;
}

/**
 * Starts the platform as a child process, fuzzes it with `requests` requests (clear of the triggers
 * of open known findings), then checks that it is alive, healthy and still answers, and stops it.
 * A watchdog health-checks it meanwhile; if it stops answering, the fuzz ends and the requests in
 * flight are replayed one by one on fresh platforms to name the culprit.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'ow-reliability-fuzz-'));
  const platform = await startPlatformProcess({ dataDir, environment: { OW_CONSISTENCY_WAIT_MS: '300', OW_RPC_TIMEOUT_MS: '5000' } });
  const problems: string[] = [];
  let crashed = false;
  let stopping = false;
  void platform.exited.then(({ code, signal }) => {
    if (!stopping) {
      crashed = true;
      problems.push(`the platform exited during the fuzz (code ${code}, signal ${signal}):\n${platform.tail().slice(-4000)}`);
    }
  });
  const started = Date.now();
  const methods = fuzzMethods();
  const clients = Object.fromEntries(
    (['acceptance', 'approval', 'supervision', 'notification'] as const).map((service) => [
      service,
      new grpc.Client(platform.endpoints[service], grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 }),
    ]),
  ) as Record<FuzzMethod['service'], grpc.Client>;
  const byStatus: Record<string, number> = {};
  const byStrategy: Record<string, number> = {};
  const reached = new Set<string>();
  const findings: FuzzFinding[] = [];
  try {
    const pools = await harvestPools(platform.endpoints);
    log(`fuzz: seed ${options.seed}; ${methods.length} methods; pools of ${pools.caseNumbers.length} cases, ${pools.taskIds.length} tasks, ${pools.notificationIds.length} notifications`);
    const record = (index: number, request: FuzzRequest, answer: Answer) => {
      const status = answer.code === -1 ? 'client-refused' : statusName(answer.code);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      const family = request.strategy.replace(/: .*?(, broken token)?$/, '$1');
      byStrategy[family] = (byStrategy[family] ?? 0) + 1;
      if (![grpc.status.UNAUTHENTICATED, grpc.status.PERMISSION_DENIED, grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED, -1].includes(answer.code)) reached.add(request.method.name);
      if (FORBIDDEN.has(answer.code)) {
        findings.push({
          kind: 'forbidden-status',
          index,
          method: request.method.path,
          strategy: request.strategy,
          code: answer.code,
          status,
          details: answer.details,
          hex: request.bytes.subarray(0, 4096).toString('hex'),
          length: request.bytes.length,
          authorization: request.authorization,
          channel: request.channel,
        });
      }
    };

    const inForce = options.unrestricted ? new Set() : restrictionsInForce();
    restrictGenerator({ farFutureDates: inForce.has('far-future-dates'), longRepeatedFields: inForce.has('long-repeated-fields') });
    if (inForce.size) log(`fuzz: staying clear of the triggers of open findings: ${[...inForce].join(', ')}`);
    const random = createRandom(options.seed);
    let next = 0;
    let lastReport = Date.now();
    const inFlight = new Map<number, FuzzRequest>();
    let stalled: Map<number, FuzzRequest> | undefined;
    const replay = options.replay ? new Set(options.replay) : undefined;
    const last = replay ? Math.max(...replay) + 1 : options.requests;
    const worker = async () => {
      while (next < last && !crashed && !stalled) {
        const index = next++;
        // Made synchronously in index order: request i depends on the seed alone.
        const request = nextRequest(methods, random, pools);
        if (replay && !replay.has(index)) continue;
        if (replay) log(`fuzz: replaying #${index} ${request.method.name} (${request.strategy}, ${request.bytes.length} B)`);
        if (options.traceFile) {
          appendFileSync(options.traceFile, `${JSON.stringify({ index, at: Date.now(), method: request.method.path, strategy: request.strategy, authorization: request.authorization, channel: request.channel, traceparent: request.traceparent, length: request.bytes.length, hex: request.bytes.subarray(0, 2048).toString('hex') })}\n`);
        }
        inFlight.set(index, request);
        const answer = await send(clients[request.method.service], request, 5_000);
        inFlight.delete(index);
        if (!stalled) record(index, request, answer);
        if (Date.now() - lastReport > 5_000) {
          lastReport = Date.now();
          log(`fuzz: ${next} requests sent, ${findings.length} findings`);
        }
      }
    };
    // The watchdog: all four services share one event loop, so a request that blocks it stops the
    // health service too. Two missed checks in a row end the fuzz; the requests in flight since
    // before the first miss are the suspects.
    const watchdog = (async () => {
      let suspects: Map<number, FuzzRequest> | undefined;
      while (next < last && !crashed && !stalled) {
        const before = new Map(inFlight);
        const healthy = (await healthOf(platform.endpoints.acceptance)) === 'SERVING';
        if (healthy) suspects = undefined;
        else if (!suspects) suspects = before;
        else stalled = new Map([...suspects, ...before]);
        await delay(1_000);
      }
      return stalled;
    })();
    await Promise.all(Array.from({ length: replay ? 1 : CONCURRENCY }, worker));
    const stall = await watchdog;
    if (stall) {
      log(`fuzz: the platform stopped answering after ${next} requests; replaying the ${stall.size} requests in flight one by one`);
      problems.push(`the platform stopped answering health checks during the fuzz (after ${next} requests)`);
      stopping = true;
      await platform.kill();
      crashed = true;
      findings.push(...(await triageStall([...stall], log)));
    }

    // Afterwards: alive, healthy, and still answering real work.
    if (!crashed) {
      for (const [service, address] of Object.entries(platform.endpoints)) {
        const health = await healthOf(address, 5_000);
        if (health !== 'SERVING') problems.push(`after the fuzz, ${service}'s health check answered ${health}`);
      }
      const after = connect(platform.endpoints);
      try {
        const counter = callerMetadata(CALLERS[0]!, 'counter');
        await call(after.acceptance.listServiceItems, after.acceptance, ListServiceItemsRequest.fromPartial({}), counter);
        await call(after.acceptance.getCaseHistory, after.acceptance, GetCaseHistoryRequest.fromPartial({ caseNumber: pools.caseNumbers[0]! }), callerMetadata(CALLERS[8]!, 'pc'));
      } catch (error) {
        problems.push(`after the fuzz, a plain query failed: ${(error as Error).message}`);
      } finally {
        after.close();
      }
    }
  } finally {
    for (const client of Object.values(clients)) client.close();
    stopping = true;
    if (!crashed) {
      const { code } = await platform.stop();
      if (code !== 0) problems.push(`the platform did not stop cleanly after the fuzz (code ${code})`);
    }
  }
  problems.push(...platform.problems.map((line) => `the platform logged: ${line.slice(0, 1_000)}`));
  const report: FuzzReport = {
    seed: options.seed,
    requests: Object.values(byStatus).reduce((a, b) => a + b, 0),
    durationMs: Date.now() - started,
    methods: methods.length,
    byStatus,
    byStrategy,
    methodsReachedPastValidation: reached.size,
    methodsNotReached: methods.map((m) => m.name).filter((name) => !reached.has(name)),
    findings,
    problems,
  };
  if (!findings.length && !problems.length) rmSync(dataDir, { recursive: true, force: true });
  else problems.push(`data directory kept: ${dataDir}`);
  return report;
}

export function formatFuzzReport(report: FuzzReport): string {
  const sorted = (record: Record<string, number>) => Object.entries(record).sort(([, a], [, b]) => b - a).map(([key, n]) => `  ${key.padEnd(44)} ${n}`);
  return [
    `seed ${report.seed}: ${report.requests} requests to ${report.methods} methods in ${(report.durationMs / 1000).toFixed(1)} s; ` +
      `${report.methodsReachedPastValidation} methods answered past authentication and validation at least once`,
    `not reached past validation: ${report.methodsNotReached.join(', ') || 'none'}`,
    'answers:',
    ...sorted(report.byStatus),
    'strategies:',
    ...sorted(report.byStrategy),
    report.findings.length ? `FINDINGS (${report.findings.length}): forbidden statuses or a stalled platform` : 'no forbidden status (INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED), no stall',
    ...report.findings.slice(0, 20).map(
      (f) => `  #${f.index} [${f.kind}] ${f.method} → ${f.status}: ${f.details}\n    strategy: ${f.strategy}; channel ${JSON.stringify(f.channel)}; authorization ${JSON.stringify(f.authorization?.slice(0, 300))}\n    request (${f.length} B): ${f.hex.slice(0, 600)}${f.hex.length > 600 ? '…' : ''}`,
    ),
    report.problems.length ? `PROBLEMS (${report.problems.length}):` : 'the platform stayed up, healthy and quiet',
    ...report.problems.slice(0, 20).map((problem) => `  - ${problem}`),
  ].join('\n');
}
