import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import * as acceptanceApi from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import * as administrationApi from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { SubmittedMaterial } from '../../generated/onewindow/acceptance/v1/case.ts';
import * as approvalApi from '../../generated/onewindow/approval/v1/approval_service.ts';
import * as notificationApi from '../../generated/onewindow/notification/v1/notification_service.ts';
import * as supervisionApi from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { type Endpoints, call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { bundleSeed, catalogSeed, startupItems } from '../../services/acceptance/seed/catalog-seed.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { people } from '../support/channels.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import { waitUntil } from '../support/test-platform.ts';

/**
 * docs/security.md: every RPC of every service, called as every role, by a caller inside the resource's
 * jurisdiction (or its owner) and one outside it, gets exactly the allow or deny the spec says.
 * The expectation below is written from the spec, not read from the policy table: deny is
 * PERMISSION_DENIED; allow is any other answer but UNAUTHENTICATED or INTERNAL (the handler went on
 * to NOT_FOUND, FAILED_PRECONDITION, INVALID_ARGUMENT... or did it).
 *
 * The fixtures, all in 鼓楼区 (350102) and for 市场监管局 (SCJGJ): a running case with its approval
 * task, a refused case with Li Si's bad rating, a supervision order on the running case, a 一件事
 * bundle, and a message to Li Si.
 */

/** The callers, one column each: a role inside (or the owner) and outside; a clerk at another county's window; an approver of another department. */
const callers = {
  'applicant/in': people.applicant,
  'applicant/out': { sub: 'applicant-wangwu', roles: ['applicant'], holder: { idNumber: '11010519491231002X' } },
  'clerk/in': { sub: 'clerk-gulou-07', roles: ['clerk'], department: 'SCJGJ', region: '350102', hall: 'gulou-hall', window: 'window-7' },
  'clerk/out': { sub: 'clerk-siming-11', roles: ['clerk'], department: 'SCJGJ', region: '350203' },
  'clerk/window': { sub: 'clerk-minhou-03', roles: ['clerk'], department: 'SCJGJ', region: '350121', hall: 'minhou-hall', window: 'window-3' },
  'approver/in': { sub: 'approver-scjgj-41', roles: ['approver'], department: 'SCJGJ', region: '350102' },
  'approver/out': { sub: 'approver-scjgj-42', roles: ['approver'], department: 'SCJGJ', region: '350121' },
  'approver/dept': { sub: 'approver-gaj-43', roles: ['approver'], department: 'GAJ', region: '350102' },
  'supervisor/in': { sub: 'supervisor-fuzhou-01', roles: ['supervisor'], region: '350100' },
  'supervisor/out': { sub: 'supervisor-xiamen-01', roles: ['supervisor'], region: '350200' },
  'operator/in': { sub: 'operator-national', roles: ['operator'], region: '100000' },
  'operator/out': { sub: 'operator-guangdong', roles: ['operator'], region: '440000' },
  'system/in': { sub: 'service:sms-gateway', roles: ['system'] },
  'system/out': { sub: 'service:push-gateway', roles: ['system'], region: '440000' },
} satisfies Record<string, TokenClaims>;
type CallerName = keyof typeof callers;
const columns = Object.keys(callers) as CallerName[];

/**
 * The spec, per RPC, in the column order above, grouped by role:
 * applicant (in out) · clerk (in out window) · approver (in out dept) · supervisor · operator · system.
 * "a" allow, "-" deny.
 */
const expected: Record<string, string> = {
  // The catalog and the calendar: every signed-in caller, everywhere.
  'AcceptanceService/ListServiceItems': 'aa aaa aaa aa aa aa',
  'AcceptanceService/GetServiceItem': 'aa aaa aaa aa aa aa',
  'AcceptanceService/ListBundles': 'aa aaa aaa aa aa aa',
  'AcceptanceService/ListRegions': 'aa aaa aaa aa aa aa',
  'AcceptanceService/GetRegion': 'aa aaa aaa aa aa aa',
  'AcceptanceService/GetWorkingCalendar': 'aa aaa aaa aa aa aa',
  'AcceptanceService/ComputeDeadline': 'aa aaa aaa aa aa aa',
  // Applying: an applicant as the person their account was verified as; a clerk in their own jurisdiction.
  'AcceptanceService/SubmitCase': 'a- a-- --- -- -- --',
  'AcceptanceService/SubmitBundle': 'a- a-- --- -- -- --',
  // Counter work on a case: clerks of its jurisdiction; the applicant supplies and withdraws their own.
  'AcceptanceService/AcceptCase': '-- a-- --- -- -- --',
  'AcceptanceService/RequestSupplement': '-- a-- --- -- -- --',
  'AcceptanceService/SupplyMaterials': 'a- a-- --- -- -- --',
  'AcceptanceService/RefuseCase': '-- a-- --- -- -- --',
  'AcceptanceService/WithdrawCase': 'a- a-- --- -- -- --',
  // 收受分离: a window where the item may be received hands the result over to the applicant in person.
  'AcceptanceService/DeliverResult': '-- a-a --- -- -- --',
  // Reading a case: its applicant; staff of its jurisdiction, whatever their department; no service account.
  'AcceptanceService/GetCase': 'a- a-- a-a a- a- --',
  'AcceptanceService/GetCaseHistory': 'a- a-- a-a a- a- --',
  'AcceptanceService/WatchCase': 'a- a-- a-a a- a- --',
  'AcceptanceService/GetBundle': 'a- a-- a-a a- a- --',
  // An applicant lists their own cases (none, for another); staff list the region asked, if it is theirs.
  'AcceptanceService/ListCases': 'aa a-- a-a a- a- --',
  // Li Si's materials: Li Si; a clerk at any window (she stands there); a back-office clerk of her cases' jurisdiction.
  'AcceptanceService/ListReusableMaterials': 'a- a-a --- -- -- --',
  // The platform's configuration: operators.
  'AdministrationService/PublishServiceItem': '-- --- --- -- aa --',
  'AdministrationService/RetireServiceItem': '-- --- --- -- aa --',
  'AdministrationService/PublishBundle': '-- --- --- -- aa --',
  'AdministrationService/ImportCatalog': '-- --- --- -- aa --',
  'AdministrationService/ImportDirectory': '-- --- --- -- aa --',
  'AdministrationService/LoadRegionEdition': '-- --- --- -- aa --',
  'AcceptanceService/ListDirectory': 'aa aaa aaa aa aa aa',
  'AdministrationService/LoadHolidayNotice': '-- --- --- -- aa --',
  'AdministrationService/SetCalendarOverride': '-- --- --- -- aa --',
  'AdministrationService/SetJurisdictionPolicy': '-- --- --- -- aa --',
  'AdministrationService/RecordBadCredit': '-- --- --- -- aa --',
  'AdministrationService/EraseDataSubject': '-- --- --- -- aa --',
  // SCJGJ's inbox in Gulou: its approvers; supervisors of the region.
  'ApprovalService/ListTasks': '-- --- a-- a- -- --',
  // A task: approvers of its department whose jurisdiction covers it; a supervisor may hand it on (转办).
  'ApprovalService/ClaimTask': '-- --- a-- -- -- --',
  'ApprovalService/ReleaseTask': '-- --- a-- -- -- --',
  'ApprovalService/ReassignTask': '-- --- a-- a- -- --',
  'ApprovalService/DecideTask': '-- --- a-- -- -- --',
  'ApprovalService/SuspendClock': '-- --- a-- -- -- --',
  'ApprovalService/ResumeClock': '-- --- a-- -- -- --',
  'ApprovalService/ExtendDeadline': '-- --- a-- -- -- --',
  'ApprovalService/GetProcess': '-- a-- a-a a- a- --',
  // A case's clock: staff of its jurisdiction.
  'SupervisionService/GetCaseClock': '-- a-- a-a a- a- --',
  // Gulou's alerts and ratings: supervisors and operators of the region; clerks and approvers, their own department's.
  'SupervisionService/ListAlerts': '-- a-- a-a a- a- --',
  'SupervisionService/ListRatings': '-- a-- a-a a- a- --',
  // 督办: a supervisor of the region orders and closes; the department ordered replies.
  'SupervisionService/IssueOrder': '-- --- --- a- -- --',
  'SupervisionService/ReplyOrder': '-- a-- a-- -- -- --',
  'SupervisionService/CloseOrder': '-- --- --- a- -- --',
  // Each lists the orders of their own jurisdiction (and department): none is outside it.
  'SupervisionService/ListOrders': '-- aaa aaa aa -- --',
  // 好差评: the case's applicant rates and scores; the rated department rectifies and appeals; a supervisor verifies and reviews.
  'SupervisionService/SubmitRating': 'a- --- --- -- -- --',
  'SupervisionService/ListCaseRatings': 'a- --- --- a- a- --',
  'SupervisionService/VerifyBadRating': '-- --- --- a- -- --',
  'SupervisionService/ReportRectification': '-- a-- a-- -- -- --',
  'SupervisionService/ScoreResponse': 'a- --- --- -- -- --',
  'SupervisionService/AppealRating': '-- a-- a-- -- -- --',
  'SupervisionService/ReviewAppeal': '-- --- --- a- -- --',
  // Counts: supervisors of the region; operators everywhere.
  'SupervisionService/GetStatistics': '-- --- --- a- aa --',
  'SupervisionService/TraceCase': '-- --- --- a- a- --',
  'SupervisionService/SetSupervisionPolicy': '-- --- --- -- aa --',
  'SupervisionService/GetSupervisionPolicy': '-- a-- a-a a- aa --',
  // Messages: an applicant's own; staff list what lies in their jurisdiction (others are left out); gateways all.
  'NotificationService/ListNotifications': 'a- aaa aaa aa aa aa',
  'NotificationService/GetNotification': 'a- a-- a-a a- a- aa',
  'NotificationService/ReportDeliveryReceipt': '-- --- --- -- -- aa',
  'NotificationService/SetNotificationPreferences': 'aa --- --- -- -- --',
  'NotificationService/GetNotificationPreferences': 'aa --- --- -- -- --',
};

const soleTrader = catalogSeed[1]!;
const liSi = { kind: { $case: 'person' as const, value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' };
const uploads = (codes: readonly string[]): SubmittedMaterial[] =>
  codes.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_C' }));
const requestId = () => randomUUID();

interface Fixtures {
  /** Accepted; its approval task is SCJGJ's in 350102. */
  readonly running: string;
  readonly task: string;
  /** Refused before acceptance, and rated bad online by Li Si. */
  readonly rated: string;
  readonly rating: string;
  readonly order: string;
  readonly bundle: string;
  /** A message to Li Si about the running case. */
  readonly notification: string;
}

/** A valid request for each RPC (so that the handler reaches its resource check), about the fixtures. */
const requests: Record<string, (f: Fixtures) => object> = {
  ListServiceItems: () => ({ regionCode: '350102' }),
  GetServiceItem: () => ({ itemCode: soleTrader.itemCode }),
  ListBundles: () => ({}),
  ListRegions: () => ({ parentCode: '350100' }),
  GetRegion: () => ({ code: '350102' }),
  GetWorkingCalendar: () => ({ regionCode: '350102', year: 2026 }),
  ComputeDeadline: () => ({ regionCode: '350102', startDate: '2026-09-17', workingDays: 5 }),
  SubmitCase: () => ({
    requestId: requestId(), itemCode: soleTrader.itemCode, applicant: liSi, applicantSubject: people.applicant.sub,
    materials: uploads(soleTrader.materials.filter((m) => m.required).map((m) => m.code)), submittedRegionCode: '350102',
  }),
  SubmitBundle: () => ({ requestId: requestId(), bundleCode: bundleSeed[0]!.bundleCode, applicant: liSi, applicantSubject: people.applicant.sub, materials: bundleMaterials(), submittedRegionCode: '350102' }),
  AcceptCase: (f) => ({ requestId: requestId(), caseNumber: f.running }),
  RequestSupplement: (f) => ({ requestId: requestId(), caseNumber: f.running, items: [{ materialCode: soleTrader.materials[0]!.code, problem: 'MATERIAL_PROBLEM_DEFECTIVE', note: '不清晰' }] }),
  SupplyMaterials: (f) => ({ requestId: requestId(), caseNumber: f.running, materials: uploads([soleTrader.materials[0]!.code]) }),
  RefuseCase: (f) => ({ requestId: requestId(), caseNumber: f.running, reason: '不予受理', legalBasis: '《行政许可法》第三十二条' }),
  WithdrawCase: (f) => ({ requestId: requestId(), caseNumber: f.running, reason: '不再办理' }),
  DeliverResult: (f) => ({ requestId: requestId(), caseNumber: f.running, method: 'DELIVERY_METHOD_WINDOW', collector: liSi }),
  GetCase: (f) => ({ caseNumber: f.running }),
  GetCaseHistory: (f) => ({ caseNumber: f.running }),
  WatchCase: (f) => ({ caseNumber: f.running }),
  ListCases: () => ({ regionCode: '350102' }),
  ListReusableMaterials: () => ({ holder: liSi }),
  GetBundle: (f) => ({ bundleId: f.bundle }),
  // Operators' requests need not be valid: an allowed call is any answer but a refusal.
  PublishServiceItem: () => ({}),
  RetireServiceItem: () => ({}),
  PublishBundle: () => ({}),
  ImportCatalog: () => ({}),
  ImportDirectory: () => ({}),
  LoadRegionEdition: () => ({}),
  ListDirectory: () => ({ regionCode: '350102' }),
  LoadHolidayNotice: () => ({}),
  SetCalendarOverride: () => ({}),
  SetJurisdictionPolicy: () => ({}),
  RecordBadCredit: () => ({}),
  EraseDataSubject: () => ({}),
  ListTasks: () => ({ regionCode: '350102', department: 'SCJGJ' }),
  ClaimTask: (f) => ({ requestId: requestId(), taskId: f.task }),
  ReleaseTask: (f) => ({ requestId: requestId(), taskId: f.task }),
  ReassignTask: (f) => ({ requestId: requestId(), taskId: f.task, assignee: 'approver-scjgj-99', reason: '均衡工作量' }),
  DecideTask: (f) => ({ requestId: requestId(), taskId: f.task, decision: 'DECISION_APPROVE', opinion: '同意' }),
  SuspendClock: (f) => ({ requestId: requestId(), taskId: f.task, kind: 'SUSPENSION_KIND_INSPECTION', reason: '现场核查', legalBasis: '《行政许可法》第三十四条', expectedWorkingDays: 3 }),
  ResumeClock: (f) => ({ requestId: requestId(), taskId: f.task, result: '核查合格' }),
  ExtendDeadline: (f) => ({ requestId: requestId(), taskId: f.task, reason: '情况复杂', approvedBy: 'head-scjgj' }),
  GetProcess: (f) => ({ caseNumber: f.running }),
  GetCaseClock: (f) => ({ caseNumber: f.running }),
  ListAlerts: () => ({ regionCode: '350102' }),
  IssueOrder: (f) => ({ requestId: requestId(), caseNumber: f.running, department: 'SCJGJ', regionCode: '350102', instruction: '请说明办理进度', dueOn: '2099-12-31' }),
  ReplyOrder: (f) => ({ requestId: requestId(), orderId: f.order, reply: '已办理' }),
  CloseOrder: (f) => ({ requestId: requestId(), orderId: f.order, note: '整改到位' }),
  ListOrders: () => ({}),
  SubmitRating: (f) => ({ requestId: requestId(), caseNumber: f.rated, channel: 'RATING_CHANNEL_MOBILE', level: 2, dimensions: [{ dimension: 'attitude', level: 2 }], comment: '' }),
  ListCaseRatings: (f) => ({ caseNumber: f.rated }),
  ListRatings: () => ({ regionCode: '350102' }),
  VerifyBadRating: (f) => ({ requestId: requestId(), ratingId: f.rating, substantiated: true, note: '已回访，属实' }),
  ReportRectification: (f) => ({ requestId: requestId(), ratingId: f.rating, measures: '增设取号窗口' }),
  ScoreResponse: (f) => ({ requestId: requestId(), ratingId: f.rating, level: 2 }),
  AppealRating: (f) => ({ requestId: requestId(), ratingId: f.rating, ground: 'APPEAL_GROUND_MISTAKEN', reason: '评价人误评' }),
  ReviewAppeal: (f) => ({ requestId: requestId(), ratingId: f.rating, upheld: false, note: '维持评价' }),
  GetStatistics: () => ({ regionCode: '350102', groupBy: 'GROUP_BY_REGION' }),
  TraceCase: (f) => ({ caseNumber: f.running }),
  SetSupervisionPolicy: () => ({}),
  GetSupervisionPolicy: () => ({ regionCode: '350102' }),
  ListNotifications: () => ({ recipientSubject: people.applicant.sub }),
  GetNotification: (f) => ({ notificationId: f.notification }),
  ReportDeliveryReceipt: (f) => ({ notificationId: f.notification, provider: 'sms', receipt: 'gw-matrix', outcome: 'RECEIPT_OUTCOME_DELIVERED' }),
  SetNotificationPreferences: () => ({ requestId: requestId(), channels: ['DELIVERY_CHANNEL_SMS'] }),
  GetNotificationPreferences: () => ({}),
};

function bundleMaterials(): SubmittedMaterial[] {
  return uploads([...new Set(startupItems.flatMap((item) => item.materials.filter((m) => m.required).map((m) => m.code)))]);
}

/** Every proto service of the platform, from the generated code: a new RPC without an expectation fails the test. */
const services = [
  { definition: acceptanceApi.AcceptanceServiceService, messages: acceptanceApi, endpoint: 'acceptance' },
  { definition: administrationApi.AdministrationServiceService, messages: administrationApi, endpoint: 'acceptance' },
  { definition: approvalApi.ApprovalServiceService, messages: approvalApi, endpoint: 'approval' },
  { definition: supervisionApi.SupervisionServiceService, messages: supervisionApi, endpoint: 'supervision' },
  { definition: notificationApi.NotificationServiceService, messages: notificationApi, endpoint: 'notification' },
] as const;

interface Rpc {
  /** "AcceptanceService/GetCase" */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly streaming: boolean;
  /** The client streams too (an import): the request is its only message. */
  readonly clientStreaming: boolean;
  readonly endpoint: keyof Endpoints;
  readonly serialize: (request: object) => Buffer;
}

const rpcs: Rpc[] = services.flatMap(({ definition, messages, endpoint }) =>
  Object.values(definition).map((method) => {
    const [, service = '', name = ''] = method.path.split('/');
    const message = (messages as unknown as Record<string, { fromPartial(partial: object): unknown }>)[`${name}Request`]!;
    return {
      name: `${service.split('.').at(-1)}/${name}`,
      method: name,
      path: method.path,
      streaming: method.responseStream,
      clientStreaming: method.requestStream,
      endpoint,
      serialize: (request: object) => (method.requestSerialize as (value: unknown) => Buffer)(message.fromPartial(request)),
    };
  }),
);

/** Calls one RPC with raw bytes; resolves to the status code (a stream: of its first message, or its end). */
function statusOf(client: grpc.Client, rpc: Rpc, request: object, metadata: grpc.Metadata): Promise<grpc.status> {
  const deadline = Date.now() + 10_000;
  const identity = (bytes: Buffer) => bytes;
  return new Promise((resolve) => {
    if (!rpc.streaming) {
      client.makeUnaryRequest(rpc.path, rpc.serialize, identity, request, metadata, { deadline }, (error) => resolve(error ? error.code : grpc.status.OK));
      return;
    }
    const stream = rpc.clientStreaming
      ? client.makeBidiStreamRequest(rpc.path, rpc.serialize, identity, metadata, { deadline })
      : client.makeServerStreamRequest(rpc.path, rpc.serialize, identity, request, metadata, { deadline });
    if (rpc.clientStreaming) (stream as grpc.ClientDuplexStream<object, Buffer>).end(request);
    let settled = false;
    const settle = (code: grpc.status) => {
      if (!settled) (settled = true), resolve(code);
    };
    stream.on('data', () => {
      settle(grpc.status.OK);
      stream.cancel();
    });
    stream.on('error', (error: grpc.ServiceError) => settle(error.code));
    stream.on('end', () => settle(grpc.status.OK));
  });
}

const verdict = (code: grpc.status): 'a' | '-' | '!' =>
  code === grpc.status.PERMISSION_DENIED ? '-' : code === grpc.status.UNAUTHENTICATED || code === grpc.status.INTERNAL ? '!' : 'a';
const row = (cells: readonly string[]) => [[0, 2], [2, 5], [5, 8], [8, 10], [10, 12], [12, 14]].map(([from, to]) => cells.slice(from, to).join('')).join(' ');

describe('authorisation matrix: every RPC × every role × inside and outside the jurisdiction', () => {
  const suite = platformForSuite();
  const clientsByEndpoint = new Map<string, grpc.Client>();
  const clientFor = (endpoint: keyof Endpoints) => {
    const address = suite.test.endpoints[endpoint];
    if (!clientsByEndpoint.has(address)) clientsByEndpoint.set(address, new grpc.Client(address, grpc.credentials.createInsecure()));
    return clientsByEndpoint.get(address)!;
  };
  const metadataOf = (name: CallerName) => callerMetadata(callers[name], name.startsWith('clerk') ? 'counter' : 'pc');

  /** The fixtures, each read back before the matrix runs, so that no call meets a resource not there yet. */
  async function arrange(): Promise<Fixtures> {
    const { acceptance, approval, supervision, notification } = suite.clients;
    const liSiAt = callerMetadata(people.applicant, 'pc');
    const gulouClerk = metadataOf('clerk/in');
    const submit = async () => (await call(acceptance.submitCase, acceptance, acceptanceApi.SubmitCaseRequest.fromPartial(requests.SubmitCase!({} as Fixtures)), liSiAt)).caseNumber;

    const running = await submit();
    await call(acceptance.acceptCase, acceptance, acceptanceApi.AcceptCaseRequest.fromPartial({ requestId: requestId(), caseNumber: running }), gulouClerk);
    const task = `${running}:0:register`;
    await waitUntil('the task in SCJGJ\'s inbox', async () =>
      (await call(approval.listTasks, approval, approvalApi.ListTasksRequest.fromPartial({}), metadataOf('approver/in'))).tasks.some((t) => t.taskId === task));

    const rated = await submit();
    await call(acceptance.refuseCase, acceptance, acceptanceApi.RefuseCaseRequest.fromPartial({ requestId: requestId(), caseNumber: rated, reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' }), gulouClerk);
    let rating = '';
    await waitUntil('Li Si\'s bad rating of the refused case', async () => {
      const answer = await call(supervision.submitRating, supervision, supervisionApi.SubmitRatingRequest.fromPartial({
        requestId: requestId(), caseNumber: rated, channel: 'RATING_CHANNEL_MOBILE', level: 5, dimensions: [{ dimension: 'attitude', level: 5 }], comment: '等候时间太长',
      }), callerMetadata(people.applicant, 'mobile')).catch(() => undefined);
      rating = answer?.rating?.ratingId ?? '';
      return rating !== '';
    });

    const { order } = await call(supervision.issueOrder, supervision, supervisionApi.IssueOrderRequest.fromPartial(requests.IssueOrder!({ running } as Fixtures)), metadataOf('supervisor/in'));
    const { bundleId: bundle } = await call(acceptance.submitBundle, acceptance, acceptanceApi.SubmitBundleRequest.fromPartial(requests.SubmitBundle!({} as Fixtures)), liSiAt);

    let message = '';
    await waitUntil('a message to Li Si about the running case', async () => {
      const { notifications } = await call(notification.listNotifications, notification, notificationApi.ListNotificationsRequest.fromPartial({ caseNumber: running }), liSiAt);
      message = notifications[0]?.notificationId ?? '';
      return message !== '';
    });
    const fixtures: Fixtures = { running, task, rated, rating, order: order!.orderId, bundle, notification: message };

    // Every resource is in the views, and where the matrix expects it: Gulou, SCJGJ.
    await waitUntil('the fixtures in every view', async () => {
      const reads = await Promise.all([
        call(acceptance.getCase, acceptance, acceptanceApi.GetCaseRequest.fromPartial({ caseNumber: running }), liSiAt),
        call(acceptance.getCaseHistory, acceptance, acceptanceApi.GetCaseHistoryRequest.fromPartial({ caseNumber: running }), liSiAt),
        call(acceptance.getBundle, acceptance, acceptanceApi.GetBundleRequest.fromPartial({ bundleId: bundle }), liSiAt),
        call(approval.getProcess, approval, approvalApi.GetProcessRequest.fromPartial({ caseNumber: running }), metadataOf('approver/in')),
        call(supervision.getCaseClock, supervision, supervisionApi.GetCaseClockRequest.fromPartial({ caseNumber: running }), metadataOf('supervisor/in')),
        call(supervision.traceCase, supervision, supervisionApi.TraceCaseRequest.fromPartial({ caseNumber: running }), metadataOf('supervisor/in')),
        call(supervision.listCaseRatings, supervision, supervisionApi.ListCaseRatingsRequest.fromPartial({ caseNumber: rated }), liSiAt),
      ]).catch(() => undefined);
      return Boolean(reads && reads[2].bundle!.cases.length === startupItems.length && reads[6].ratings.length > 0);
    });
    const { notification: sent } = await call(notification.getNotification, notification, notificationApi.GetNotificationRequest.fromPartial({ notificationId: message }), liSiAt);
    expect(sent).toMatchObject({ caseNumber: running });
    const { process } = await call(approval.getProcess, approval, approvalApi.GetProcessRequest.fromPartial({ caseNumber: running }), metadataOf('approver/in'));
    expect(process!.tasks.find((t) => t.taskId === task)).toMatchObject({ department: 'SCJGJ', regionCode: '350102' });
    return fixtures;
  }

  it('gives every role, inside and outside, exactly the expected allow or deny, and an unsigned call UNAUTHENTICATED', async () => {
    const fixtures = await arrange();
    const missing = rpcs.filter((rpc) => !expected[rpc.name] || !requests[rpc.method]).map((rpc) => rpc.name);
    expect(missing, 'RPCs with no expectation or request in this test').toEqual([]);
    expect(Object.keys(expected).filter((name) => !rpcs.some((rpc) => rpc.name === name)), 'expectations for RPCs that do not exist').toEqual([]);

    const lines: string[] = [];
    const mismatches: string[] = [];
    const byStatus = new Map<string, number>();
    for (const rpc of rpcs) {
      const codes: grpc.status[] = [];
      for (const name of columns) codes.push(await statusOf(clientFor(rpc.endpoint), rpc, requests[rpc.method]!(fixtures), metadataOf(name)));
      const actual = row(codes.map(verdict));
      for (const code of codes) byStatus.set(grpc.status[code]!, (byStatus.get(grpc.status[code]!) ?? 0) + 1);
      const wanted = expected[rpc.name]!;
      const mark = actual === wanted ? '  ' : '✗ ';
      lines.push(`${mark}${rpc.name.padEnd(48)} ${actual}${actual === wanted ? '' : `   expected ${wanted}`}`);
      if (actual !== wanted) {
        const detail = columns.map((name, i) => `${name}=${grpc.status[codes[i]!]}`).join(' ');
        mismatches.push(`${rpc.name}: got ${actual}, expected ${wanted} (${detail})`);
      }
    }
    const cells = rpcs.length * columns.length;
    console.log([
      `authorisation matrix: ${rpcs.length} RPCs × ${columns.length} callers = ${cells} calls; ${mismatches.length} RPCs differ from the spec`,
      `answers: ${[...byStatus].map(([code, count]) => `${code} ${count}`).join(', ')}`,
      'columns: applicant (in out) · clerk (in out window) · approver (in out dept) · supervisor (in out) · operator (in out) · system (in out); a allow, - deny, ! unauthenticated or internal',
      ...lines,
    ].join('\n'));

    const unauthenticated: string[] = [];
    for (const rpc of rpcs) {
      const code = await statusOf(clientFor(rpc.endpoint), rpc, requests[rpc.method]!(fixtures), new grpc.Metadata());
      if (code !== grpc.status.UNAUTHENTICATED) unauthenticated.push(`${rpc.name}: ${grpc.status[code]}`);
    }
    for (const client of clientsByEndpoint.values()) client.close();

    expect(mismatches).toEqual([]);
    expect(unauthenticated, 'RPCs that answered a call without a token otherwise than UNAUTHENTICATED').toEqual([]);
  }, 180_000);
});
