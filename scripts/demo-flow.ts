import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { HistoryEntry } from '../generated/onewindow/acceptance/v1/case.ts';
import { AcceptCaseRequest, GetCaseHistoryRequest, ListServiceItemsRequest, SubmitCaseRequest } from '../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { ListTasksRequest } from '../generated/onewindow/approval/v1/approval_service.ts';
import type { Task } from '../generated/onewindow/approval/v1/process.ts';
import type { Notification } from '../generated/onewindow/notification/v1/notification.ts';
import type { CaseClock } from '../generated/onewindow/supervision/v1/watch.ts';
import type { TokenClaims } from '../services/platform/auth/token-claims.ts';
import { type Endpoints, call, callerMetadata, connect } from './lib/channel-clients.ts';
import type { TokenMinter } from './lib/token-minter.ts';

/** The people of the walking skeleton: a Gulou district counter clerk, the applicant on a phone,
 * the district market regulator's approver and a Fuzhou city supervisor. */
export const demoCallers = {
  clerk: { sub: 'clerk-gulou-03', roles: ['clerk'], region: '350102', hall: 'gulou-hall', window: 'window-3' },
  applicant: { sub: 'applicant-zhangsan', roles: ['applicant'], holder: { idNumber: '11010519491231002X' } },
  approver: { sub: 'approver-scjgj-01', roles: ['approver'], department: 'SCJGJ', region: '350102' },
  supervisor: { sub: 'supervisor-fuzhou-01', roles: ['supervisor'], region: '350100' },
} as const satisfies Record<string, TokenClaims>;

export interface DemoResult {
  readonly caseNumber: string;
  /** The history as the counter reads it at the end. */
  readonly history: readonly HistoryEntry[];
  /** The history as the applicant's phone reads it, with the last write's token. */
  readonly historyOnSecondChannel: readonly HistoryEntry[];
  /** What the phone saw right after acceptance, reading with the acceptance's token. */
  readonly historyRightAfterAcceptance: readonly HistoryEntry[];
  readonly clock: CaseClock;
  readonly notifications: readonly Notification[];
}

const SERVICES = ['acceptance', 'approval', 'supervision', 'notification'];

/**
 * The walking skeleton over gRPC: the counter submits and accepts a food business license
 * application, approval's task appears in the market regulator's inbox and is approved at each
 * stage, the case concludes, notification tells the applicant, supervision stops the clock, and a
 * second channel reads the same history.
 */
export async function runDemoFlow(
  endpoints: Endpoints,
  log: (line: string) => void = () => undefined,
  /** How long to wait for each step that another service takes (longer where faults are injected). */
  settleTimeoutMs = 15_000,
  /** How the callers prove who they are: development tokens and plaintext unless told. */
  access: { mint?: TokenMinter; credentials?: grpc.ChannelCredentials } = {},
): Promise<DemoResult> {
  const clients = connect(endpoints, access.credentials);
  // Each call may wait for a read model and be retried (UNAVAILABLE); a third of a step's patience.
  const callTimeoutMs = Math.max(5_000, Math.floor(settleTimeoutMs / 3));
  const ask: typeof call = (method, client, request, metadata) => call(method, client, request, metadata, callTimeoutMs);
  const as = (who: keyof typeof demoCallers, channel: Parameters<typeof callerMetadata>[1]) => callerMetadata(demoCallers[who], channel, access.mint);
  const counter = as('clerk', 'counter');
  const phone = as('applicant', 'mobile');
  const inbox = as('approver', 'pc');
  try {
    const { items } = await ask(clients.acceptance.listServiceItems, clients.acceptance, ListServiceItemsRequest.fromPartial({ keyword: '食品经营许可' }), counter);
    const item = items[0];
    if (!item) throw new Error('the catalog has no 食品经营许可 item: was the seed catalog published?');
    log(`catalog: ${item.name} (${item.itemCode} v${item.version}), promised ${item.limits?.promisedWorkingDays} / statutory ${item.limits?.statutoryWorkingDays} working days`);

    const submitted = await ask(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(),
      itemCode: item.itemCode,
      applicant: { kind: { $case: 'person', value: { name: '张三', idNumber: '11010519491231002X' } }, phone: '13800138000' },
      materials: item.materials.filter((m) => m.required).map((m) => ({
        materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_B',
      })),
      submittedRegionCode: '350102001',
      applicantSubject: demoCallers.applicant.sub,
    }), counter);
    const caseNumber = submitted.caseNumber;
    log(`counter: submitted case ${caseNumber}`);

    const accepted = await ask(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), counter);
    log(`counter: accepted, promised ${accepted.case?.promisedDeadline?.date}, statutory ${accepted.case?.statutoryDeadline?.date}`);
    const historyRightAfterAcceptance = (await ask(clients.acceptance.getCaseHistory, clients.acceptance, { caseNumber, consistencyToken: accepted.consistencyToken }, phone)).entries;
    log(`phone: reads the history with the acceptance's token: ${historyRightAfterAcceptance.length} entries, last "${historyRightAfterAcceptance.at(-1)?.summary}"`);

    let lastToken = '';
    for (let stage = 0; ; stage++) {
      const task = await eventually(`a task of stage ${stage} in the inbox`, async () => {
        const { tasks } = await ask(clients.approval.listTasks, clients.approval, ListTasksRequest.fromPartial({}), inbox);
        return tasks.find((t: Task) => t.caseNumber === caseNumber && t.taskId.includes(`:${stage}:`));
      }, settleTimeoutMs);
      log(`approver: inbox shows "${task.stepName}" due ${task.due?.date} (${task.workingDaysRemaining} working days left)`);
      await ask(clients.approval.claimTask, clients.approval, { requestId: randomUUID(), taskId: task.taskId }, inbox);
      const decided = await ask(clients.approval.decideTask, clients.approval, {
        requestId: randomUUID(), taskId: task.taskId, decision: 'DECISION_APPROVE', opinion: '材料齐全，现场核查符合要求，同意', materialCodes: [],
      }, inbox);
      lastToken = decided.consistencyToken;
      log(`approver: approved "${task.stepName}"`);
      const process = await ask(clients.approval.getProcess, clients.approval, { caseNumber, consistencyToken: lastToken }, inbox);
      if (process.process?.outcome !== 'OUTCOME_UNSPECIFIED') break;
    }

    const history = await eventually('the conclusion, the stopped clock and sent notices in the history', async () => {
      const { entries } = await ask(clients.acceptance.getCaseHistory, clients.acceptance, GetCaseHistoryRequest.fromPartial({ caseNumber, consistencyToken: lastToken }), counter);
      const types = new Set(entries.map((e) => e.eventType));
      // Every notice sent, or held for quiet hours when the demo runs at night.
      const count = (...eventTypes: string[]) => entries.filter((e) => eventTypes.includes(e.eventType)).length;
      const settled = ['caseConcluded', 'caseClockStopped'].every((t) => types.has(t))
        && count('notificationSent', 'notificationDeferred') >= count('notificationQueued') && count('notificationQueued') > 0
        && SERVICES.every((s) => entries.some((e) => e.sourceService === s));
      return settled ? entries : undefined;
    }, settleTimeoutMs);
    // Each answers at once on a healthy platform; "not yet" (a service restarting) is waited out.
    const settled = <T>(what: string, read: () => Promise<T>) => eventually(what, read, settleTimeoutMs);
    const historyOnSecondChannel = await settled('the history on the phone', async () =>
      (await ask(clients.acceptance.getCaseHistory, clients.acceptance, { caseNumber, consistencyToken: lastToken }, phone)).entries);
    const { clock } = await settled('the case clock', () => ask(clients.supervision.getCaseClock, clients.supervision, { caseNumber, consistencyToken: '' }, as('supervisor', 'pc')));
    const { notifications } = await settled('the notifications', () =>
      ask(clients.notification.listNotifications, clients.notification, { caseNumber, recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '' }, phone));
    return { caseNumber, history, historyOnSecondChannel, historyRightAfterAcceptance, clock: clock!, notifications };
  } finally {
    clients.close();
  }
}

/** gRPC statuses that mean "not yet": a read model behind, a call that ran out of time. */
const NOT_YET = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);

/**
 * Polls until `probe` yields a value: reactions between services are asynchronous. A probe that
 * answers "not yet" in gRPC's words counts as no value, until the time is up.
 */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe().catch((error: { code?: number }) => {
      if (error.code !== undefined && NOT_YET.has(error.code) && Date.now() - start <= timeoutMs) return undefined;
      throw error;
    });
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The history as a table: China time, service, who and through which channel, what happened. */
export function formatHistory(entries: readonly HistoryEntry[]): string {
  const time = (iso: string | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 23) : '');
  const who = (e: HistoryEntry) => `${e.actor?.role.replace('ROLE_', '').toLowerCase()}/${e.actor?.channel.replace('CHANNEL_', '').toLowerCase()}`;
  const rows = entries.map((e, i) => `${String(i + 1).padStart(3)}  ${time(e.occurredAt)}  ${e.sourceService.padEnd(12)}  ${who(e).padEnd(22)}  ${e.summary}`);
  return [`  #  time (CST)    service       actor/channel           what happened`, ...rows].join('\n');
}
