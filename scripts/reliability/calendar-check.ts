import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  AcceptCaseRequest,
  AcceptanceServiceClient,
  ComputeDeadlineRequest,
  GetCaseRequest,
  ListServiceItemsRequest,
  SubmitCaseRequest,
} from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { AdministrationServiceClient, LoadHolidayNoticeRequest } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { ApprovalServiceClient } from '../../generated/onewindow/approval/v1/approval_service.ts';
import { call, callerMetadata } from '../lib/channel-clients.ts';
import { timeUntil } from './time-until.ts';

/** The notice the replicated test loads: 2027 had none until then, so its deadlines were provisional. */
export const NOTICE_2027 = { year: 2027, holidays: [{ from: '2027-01-01', to: '2027-01-03' }, { from: '2027-01-11', to: '2027-01-12' }], workdays: [], source: '复制测试通知' };

const operator = callerMetadata({ sub: 'operator-replicated', roles: ['operator'] }, 'pc');
const clerk = callerMetadata({ sub: 'clerk-replicated', roles: ['clerk'], region: '350102', hall: 'gulou-hall', window: 'window-9' }, 'counter');

/**
 * Loads the 2027 holiday notice through one acceptance replica, then asks every replica for a
 * 2027 deadline until it answers on the new calendar (not provisional, the notice's holidays
 * skipped): how long each took, in milliseconds, or undefined for one that never did within the limit.
 */
export async function calendarReachesEveryReplica(loadThrough: string, replicas: readonly string[], limitMs = 10_000): Promise<Array<number | undefined>> {
  const admin = new AdministrationServiceClient(loadThrough, grpc.credentials.createInsecure());
  try {
    await call(admin.loadHolidayNotice, admin, LoadHolidayNoticeRequest.fromPartial({ requestId: randomUUID(), notice: NOTICE_2027 }), operator, 15_000);
  } finally {
    admin.close();
  }
  const loadedAt = Date.now();
  return Promise.all(replicas.map((endpoint) => untilNewCalendar(endpoint, loadedAt, limitMs)));
}

async function untilNewCalendar(endpoint: string, since: number, limitMs: number): Promise<number | undefined> {
  const client = new AcceptanceServiceClient(endpoint, grpc.credentials.createInsecure());
  try {
    // Five working days after 2027-01-06 are 7, 8, 13, 14, 15 January on the new calendar (11 and 12 are holidays).
    const request = ComputeDeadlineRequest.fromPartial({ regionCode: '350102', startDate: '2027-01-06', workingDays: 5 });
    return await timeUntil(since, limitMs, async () => {
      const { deadline } = await call(client.computeDeadline, client, request, clerk, 5_000);
      return deadline?.provisional === false && deadline.date === '2027-01-15';
    });
  } finally {
    client.close();
  }
}

/**
 * Cases whose statutory deadline falls in 2027, where no notice is loaded yet (食品经营许可: 20
 * working days), submitted and accepted through an acceptance replica, and running in approval
 * (its process exists): the notice must move them, once.
 */
export async function openCasesInto2027(endpoint: string, approvalEndpoint: string, count: number): Promise<string[]> {
  const client = new AcceptanceServiceClient(endpoint, grpc.credentials.createInsecure());
  try {
    const { items } = await call(client.listServiceItems, client, ListServiceItemsRequest.fromPartial({ keyword: '食品经营许可' }), clerk, 15_000);
    const item = items[0]!;
    const caseNumbers: string[] = [];
    for (let n = 0; n < count; n++) {
      const { caseNumber } = await call(client.submitCase, client, SubmitCaseRequest.fromPartial({
        requestId: randomUUID(),
        itemCode: item.itemCode,
        applicant: { kind: { $case: 'person', value: { name: '赵六', idNumber: '11010519491231002X' } }, phone: '13800138000' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_B' })),
        submittedRegionCode: '350102001',
        applicantSubject: 'applicant-replicated-calendar',
      }), clerk, 15_000);
      await call(client.acceptCase, client, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), clerk, 15_000);
      caseNumbers.push(caseNumber);
    }
    for (const caseNumber of caseNumbers) await processRuns(approvalEndpoint, caseNumber);
    return caseNumbers;
  } finally {
    client.close();
  }
}

/** Waits until approval runs the case's process (it starts on the acceptance event). */
async function processRuns(endpoint: string, caseNumber: string): Promise<void> {
  const client = new ApprovalServiceClient(endpoint, grpc.credentials.createInsecure());
  try {
    for (const until = Date.now() + 60_000; ; ) {
      const found = await call(client.getProcess, client, { caseNumber, consistencyToken: '' }, clerk, 5_000).then(
        (answer) => answer.process !== undefined,
        (error: grpc.ServiceError) => {
          if (error.code !== grpc.status.NOT_FOUND) throw error;
          return false;
        },
      );
      if (found) return;
      if (Date.now() > until) throw new Error(`approval did not start the process of ${caseNumber} within a minute`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    client.close();
  }
}

/** Whether each case's statutory deadline is on a real calendar now (not provisional), waiting up to `limitMs`. */
export async function deadlinesSettled(endpoint: string, caseNumbers: readonly string[], limitMs = 60_000): Promise<string[]> {
  const client = new AcceptanceServiceClient(endpoint, grpc.credentials.createInsecure());
  const unsettled: string[] = [];
  try {
    for (const caseNumber of caseNumbers) {
      const until = Date.now() + limitMs;
      for (;;) {
        const view = await call(client.getCase, client, GetCaseRequest.fromPartial({ caseNumber }), clerk, 5_000);
        if (view.case?.statutoryDeadline?.provisional === false) break;
        if (Date.now() > until) {
          unsettled.push(`${caseNumber} (still ${view.case?.statutoryDeadline?.date}, provisional)`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return unsettled;
  } finally {
    client.close();
  }
}
