import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { AcceptCaseRequest, GetCaseHistoryRequest, GetCaseRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { type Endpoints, type UnaryMethod, call, callerMetadata, connect } from '../lib/channel-clients.ts';
import { Samples } from '../bench/stats.ts';
import type { Random } from './prng.ts';

/**
 * The channel clients of the load and crash tests: each runs case lifecycles (the counter submits
 * for an applicant, the applicant reads from another channel with the write's token, the counter
 * accepts, the department claims and approves), retrying a command with the same request id until
 * it gets an answer, across crashes and restarts. A ledger records every request and what was
 * acknowledged, so the verification can check that nothing acknowledged was lost.
 */

export type Clients = ReturnType<typeof connect>;

/** 个体工商户设立登记: one stage, one step (SCJGJ of Gulou), so a lifecycle is short. */
export const LIFECYCLE_ITEM = {
  itemCode: '11350102003061XR-000120102000',
  materials: ['registration-form', 'id-card', 'premises'],
  taskOf: (caseNumber: string) => `${caseNumber}:0:register`,
} as const;

export const workloadCallers = {
  clerk: { sub: 'clerk-gulou-load', roles: ['clerk'], region: '350102', hall: 'gulou-hall', window: 'window-9' },
  approver: { sub: 'approver-scjgj-load', roles: ['approver'], department: 'SCJGJ', region: '350102' },
  supervisor: { sub: 'supervisor-fuzhou-load', roles: ['supervisor'], region: '350100' },
} as const satisfies Record<string, TokenClaims>;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A GB 11643 citizen ID number for a made-up applicant of Gulou (check character computed). */
export function citizenIdFor(random: Random): string {
  const birth = `${random.between(1950, 2004)}${String(random.between(1, 12)).padStart(2, '0')}${String(random.between(1, 28)).padStart(2, '0')}`;
  const body = `350102${birth}${String(random.between(0, 999)).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

/** gRPC statuses that are never a deliberate answer: a bug, wherever they come from. */
export const FORBIDDEN_CODES: ReadonlySet<number> = new Set([grpc.status.UNKNOWN, grpc.status.INTERNAL, grpc.status.DATA_LOSS]);
/** "Not now": retried with the same request (a crash, a restart, a read model behind, a lost race). */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED, grpc.status.CANCELLED]);

export type Step = 'submitted' | 'accepted' | 'decided';

export interface CaseRecord {
  readonly requestId: string;
  readonly applicant: { readonly sub: string; readonly idNumber: string };
  caseNumber?: string;
  /** The steps a client got an OK answer for. */
  readonly acknowledged: Step[];
}

export interface Failure {
  readonly kind: 'forbidden-status' | 'unexpected-status' | 'stale-read' | 'gave-up' | 'platform-crashed' | 'verification';
  readonly what: string;
}

/** What clients call: a platform's services, wherever they are now; `generation` changes at every kill. */
export interface Target {
  readonly generation: number;
  current(): Promise<{ clients: Clients; generation: number }>;
}

/** Where the platform is now: the endpoints change at every restart (ports 0). */
export class PlatformTarget implements Target {
  #current: { clients: Clients; generation: number } | undefined;
  #generation = 0;
  #waiters: Array<() => void> = [];

  get generation(): number {
    return this.#generation;
  }

  get isUp(): boolean {
    return this.#current !== undefined;
  }

  up(endpoints: Endpoints): void {
    this.#generation += 1;
    this.#current = { clients: connect(endpoints), generation: this.#generation };
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Before a kill: calls in flight now count as interrupted, whatever status they end with. */
  down(): void {
    this.#generation += 1;
    const current = this.#current;
    this.#current = undefined;
    current?.clients.close();
  }

  async current(): Promise<{ clients: Clients; generation: number }> {
    while (!this.#current) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.#current;
  }

  close(): void {
    this.down();
  }
}

export class Ledger {
  readonly cases: CaseRecord[] = [];
  readonly failures: Failure[] = [];
  /** Answers by RPC and status name ("interrupted" when the platform was killed during the call). */
  readonly answers = new Map<string, number>();
  /** Lifecycle steps acknowledged, for throughput. */
  readonly stepCounts: Record<Step, number> = { submitted: 0, accepted: 0, decided: 0 };
  readonly staleReadChecks = { checked: 0 };
  /** Latency of OK answers by RPC (milliseconds, the last attempt only). */
  readonly latencies = new Map<string, Samples>();

  latency(rpc: string, ms: number): void {
    let samples = this.latencies.get(rpc);
    if (!samples) this.latencies.set(rpc, (samples = new Samples()));
    samples.add(ms);
  }

  count(rpc: string, outcome: string): void {
    const key = `${rpc} ${outcome}`;
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
  }

  acknowledge(record: CaseRecord, step: Step): void {
    record.acknowledged.push(step);
    this.stepCounts[step] += 1;
  }

  fail(failure: Failure): void {
    this.failures.push(failure);
  }
}

/** An answer, or the error that ended the attempts (`reported` when it is recorded as a failure already). */
type Outcome<T> = { ok: true; value: T } | { ok: false; code: number; message: string; reported: boolean };

export interface WorkloadContext {
  readonly target: Target;
  readonly ledger: Ledger;
  /** No new lifecycle starts after this; the ones running finish. */
  readonly stopAt: number;
  /** Retries of one request end here (recorded as "gave-up"). */
  readonly giveUpAt: () => number;
  readonly callTimeoutMs: number;
}

export const statusName = (code: number) => (grpc.status[code] as string | undefined) ?? `code ${code}`;

/**
 * Calls until the platform gives an answer: OK, or a deliberate error. Crash interruptions and
 * transient statuses are retried with the same request (commands carry their request id, so a
 * retry is answered with the first result). INTERNAL, UNKNOWN or DATA_LOSS from a live platform is
 * recorded as a failure.
 */
async function reliably<T>(
  context: WorkloadContext,
  rpc: string,
  invoke: (clients: Clients) => Promise<T>,
  options: { alsoRetry?: ReadonlySet<number> } = {},
): Promise<Outcome<T>> {
  let backoffMs = 5;
  for (;;) {
    const { clients, generation } = await context.target.current();
    const started = performance.now();
    try {
      const value = await invoke(clients);
      context.ledger.count(rpc, 'OK');
      context.ledger.latency(rpc, performance.now() - started);
      return { ok: true, value };
    } catch (error) {
      const { code = -1, details = String(error) } = error as { code?: number; details?: string };
      const interrupted = context.target.generation !== generation;
      context.ledger.count(rpc, interrupted ? 'interrupted' : statusName(code));
      if (!interrupted && FORBIDDEN_CODES.has(code)) {
        context.ledger.fail({ kind: 'forbidden-status', what: `${rpc} answered ${statusName(code)}: ${details}` });
        return { ok: false, code, message: details, reported: true };
      }
      if (!interrupted && !TRANSIENT_CODES.has(code) && !options.alsoRetry?.has(code)) return { ok: false, code, message: details, reported: false };
      if (Date.now() > context.giveUpAt()) {
        context.ledger.fail({ kind: 'gave-up', what: `${rpc}: still ${interrupted ? 'interrupted' : statusName(code)} (${details}) when time ran out` });
        return { ok: false, code, message: details, reported: true };
      }
      await delay(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 250);
    }
  }
}

/** One channel client: runs lifecycles until `stopAt`, each step to a definite answer. */
export async function runChannelClient(context: WorkloadContext, index: number, random: Random, runTag: string): Promise<void> {
  const { ledger, callTimeoutMs } = context;
  const counter = callerMetadata(workloadCallers.clerk, 'counter');
  const department = callerMetadata(workloadCallers.approver, 'pc');
  const ask = <Q, S>(clients: Clients, pick: (c: Clients) => [UnaryMethod<Q, S>, grpc.Client], request: Q, metadata: grpc.Metadata) => {
    const [method, client] = pick(clients);
    return call(method, client, request, metadata, callTimeoutMs);
  };
  for (let n = 1; Date.now() < context.stopAt; n++) {
    const requestId = `${runTag}-${index}-${n}`;
    const applicant = { sub: `applicant-${runTag}-${index}-${n}`, idNumber: citizenIdFor(random) };
    const record: CaseRecord = { requestId, applicant, acknowledged: [] };
    ledger.cases.push(record);
    const phone = callerMetadata({ sub: applicant.sub, roles: ['applicant'], holder: { idNumber: applicant.idNumber } }, random.pick(['mobile', 'kiosk', 'pc'] as const));

    const submitRequest = SubmitCaseRequest.fromPartial({
      requestId: `${requestId}-submit`,
      itemCode: LIFECYCLE_ITEM.itemCode,
      applicant: { kind: { $case: 'person', value: { name: '王五', idNumber: applicant.idNumber } }, phone: '13800138000' },
      materials: LIFECYCLE_ITEM.materials.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}-${n}`, trustLevel: 'TRUST_LEVEL_B' })),
      submittedRegionCode: '350102001',
      applicantSubject: applicant.sub,
    });
    const submitted = await reliably(context, 'SubmitCase', (c) => ask(c, (x) => [x.acceptance.submitCase, x.acceptance], submitRequest, counter));
    if (!submitted.ok) {
      unexpected(ledger, 'SubmitCase', submitted);
      continue;
    }
    const caseNumber = submitted.value.caseNumber;
    record.caseNumber = caseNumber;
    ledger.acknowledge(record, 'submitted');

    // Another channel, the applicant's, reads the history with the write's token: it must hold the write.
    const history = await reliably(context, 'GetCaseHistory', (c) =>
      ask(c, (x) => [x.acceptance.getCaseHistory, x.acceptance], GetCaseHistoryRequest.fromPartial({ caseNumber, consistencyToken: submitted.value.consistencyToken }), phone));
    if (history.ok) {
      ledger.staleReadChecks.checked += 1;
      if (!history.value.entries.some((entry) => entry.eventType === 'caseSubmitted')) {
        ledger.fail({ kind: 'stale-read', what: `GetCaseHistory of ${caseNumber} with the submission's token lacks caseSubmitted` });
      }
    } else unexpected(ledger, 'GetCaseHistory', history);

    if (random.chance(0.15)) continue; // some cases stay submitted
    const accepted = await reliably(context, 'AcceptCase', (c) =>
      ask(c, (x) => [x.acceptance.acceptCase, x.acceptance], AcceptCaseRequest.fromPartial({ requestId: `${requestId}-accept`, caseNumber }), counter));
    if (!accepted.ok) {
      unexpected(ledger, 'AcceptCase', accepted);
      continue;
    }
    ledger.acknowledge(record, 'accepted');
    const view = await reliably(context, 'GetCase', (c) =>
      ask(c, (x) => [x.acceptance.getCase, x.acceptance], GetCaseRequest.fromPartial({ caseNumber, consistencyToken: accepted.value.consistencyToken }), phone));
    if (view.ok) {
      ledger.staleReadChecks.checked += 1;
      if (view.value.case?.status !== 'CASE_STATUS_ACCEPTED' && view.value.case?.status !== 'CASE_STATUS_CONCLUDED') {
        ledger.fail({ kind: 'stale-read', what: `GetCase of ${caseNumber} with the acceptance's token shows ${view.value.case?.status}` });
      }
    } else unexpected(ledger, 'GetCase', view);

    if (random.chance(0.15)) continue; // some stay with the department
    const taskId = LIFECYCLE_ITEM.taskOf(caseNumber);
    // The task appears once approval has reacted to the acceptance: NOT_FOUND until then.
    const claimed = await reliably(context, 'ClaimTask', (c) => ask(c, (x) => [x.approval.claimTask, x.approval], { requestId: `${requestId}-claim`, taskId }, department), {
      alsoRetry: new Set([grpc.status.NOT_FOUND]),
    });
    if (!claimed.ok) {
      unexpected(ledger, 'ClaimTask', claimed);
      continue;
    }
    const decided = await reliably(context, 'DecideTask', (c) =>
      ask(c, (x) => [x.approval.decideTask, x.approval], { requestId: `${requestId}-decide`, taskId, decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, department));
    if (!decided.ok) {
      unexpected(ledger, 'DecideTask', decided);
      continue;
    }
    ledger.acknowledge(record, 'decided');
  }
}

function unexpected(ledger: Ledger, rpc: string, outcome: Extract<Outcome<unknown>, { ok: false }>): void {
  if (outcome.reported) return;
  ledger.fail({ kind: 'unexpected-status', what: `${rpc} answered ${statusName(outcome.code)}: ${outcome.message}` });
}

/** Whether every client finished its lifecycles within `withinMs`; the clock stops when they do. */
export async function clientsFinish(clients: ReadonlyArray<Promise<void>>, withinMs: number): Promise<boolean> {
  const patience = new AbortController();
  try {
    return await Promise.race([
      Promise.all(clients).then(() => true),
      delay(withinMs, undefined, { signal: patience.signal }).then(() => false),
    ]);
  } finally {
    patience.abort();
  }
}
