import { DatabaseSync } from 'node:sqlite';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../generated/onewindow/notification/v1/notification.ts';
import { runDemoFlow } from '../../scripts/demo-flow.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { acceptanceTopic, approvalTopic, supervisionTopic } from '../../services/contracts/topics.ts';
import { acceptedCase } from '../support/back-office.ts';
import { as } from '../support/channels.ts';
import { unmaskedIdNumbers } from '../support/personal-data-scan.ts';
import { startRecordingGateway } from '../../scripts/lib/recording-gateway.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { type TestPlatform, startTestPlatform, waitUntil } from '../support/test-platform.ts';

const REACTION_GROUP = 'notification.notify-on-events';
const gatewayCaller = callerMetadata({ sub: 'service:sms-gateway', roles: ['system'] }, 'pc');
const countyClerk = as('countyClerk', 'counter');

type Clients = ReturnType<typeof connect>;
const listCase = async (clients: Clients, caseNumber: string, metadata = countyClerk) =>
  (await call(clients.notification.listNotifications, clients.notification, { caseNumber, recipientSubject: '', pageSize: 200, pageToken: '', consistencyToken: '' }, metadata)).notifications;
const allSent = (notifications: readonly Notification[]) => notifications.length > 0 && notifications.every((n) => n.status === 'NOTIFICATION_STATUS_SENT');

/** Makes the bus deliver every event again to notification's reaction, as a consumer-group reset would. */
function rewindReaction(dataDir: string): number {
  const bus = new DatabaseSync(join(dataDir, 'bus', 'bus.sqlite'));
  try {
    return Number(bus.prepare('DELETE FROM group_offsets WHERE group_id = ?').run(REACTION_GROUP).changes);
  } finally {
    bus.close();
  }
}

describe('notifications through an HTTP gateway', () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('sends each message once although every source event is delivered twice', async () => {
    const gateway = await startRecordingGateway();
    closers.push(gateway.close);
    const environment = { OW_NOTIFICATION_PROVIDER: 'webhook', OW_NOTIFICATION_WEBHOOK_URL: gateway.url, OW_NOTIFICATION_WEBHOOK_AUTHORIZATION: 'Bearer gateway-key' };
    let platform: TestPlatform = await startTestPlatform(environment);
    let clients = connect(platform.endpoints);

    const first = await runDemoFlow(platform.endpoints);
    await waitUntil('every message of the first case sent', async () => allSent(await listCase(clients, first.caseNumber)));
    const firstMessages = await listCase(clients, first.caseNumber);
    expect(new Set(firstMessages.map((n) => n.templateId))).toEqual(new Set(['case-submitted', 'case-accepted', 'task-assigned', 'case-concluded']));
    const sentBefore = gateway.requests.length;
    expect(sentBefore).toBe(firstMessages.length);

    // Every source event again: the reaction's committed offsets are reset while the platform is down.
    clients.close();
    await platform.stop();
    expect(rewindReaction(platform.dataDir)).toBeGreaterThan(0);
    platform = await startTestPlatform({ ...environment, OW_DATA_DIR: platform.dataDir });
    clients = connect(platform.endpoints);
    closers.push(async () => (clients.close(), await platform.stop()));
    const topics = [acceptanceTopic.name, approvalTopic.name, supervisionTopic.name];
    await waitUntil('the redelivered events handled', async () => (await platform.platform.dependencies.notification.bus.lag(REACTION_GROUP, topics)) === 0);
    // A new case's messages go out after the redelivered events were handled, in the same order.
    const second = await runDemoFlow(platform.endpoints);
    await waitUntil('every message of the second case sent', async () => allSent(await listCase(clients, second.caseNumber)));
    const secondMessages = await listCase(clients, second.caseNumber);

    const ids = gateway.requests.map((request) => request.body.notificationId);
    expect(ids).toHaveLength(firstMessages.length + secondMessages.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await listCase(clients, first.caseNumber)).map((n) => [n.notificationId, n.attempts])).toEqual(firstMessages.map((n) => [n.notificationId, 1]));

    // What the gateway got: the key that makes a resend harmless, the configured credential, the
    // unmasked phone (it has to send to it) and a text without the ID number.
    for (const request of gateway.requests) {
      expect(request.headers['idempotency-key']).toBe(request.body.notificationId);
      expect(request.headers.authorization).toBe('Bearer gateway-key');
      expect(unmaskedIdNumbers(JSON.stringify(request.body))).toEqual([]);
    }
    const sms = gateway.requests.find((request) => request.body.channel === 'sms')!;
    expect(sms.body.to).toBe('13800138000');
  }, 120_000);

  it('takes delivery receipts from the gateway once, and refuses ones that do not match', async () => {
    const gateway = await startRecordingGateway();
    const platform = await startTestPlatform({ OW_NOTIFICATION_PROVIDER: 'webhook', OW_NOTIFICATION_WEBHOOK_URL: gateway.url });
    const clients = connect(platform.endpoints);
    closers.push(gateway.close, async () => (clients.close(), await platform.stop()));
    const caseNumber = await acceptedCase(clients);
    await waitUntil('the acceptance notice sent', async () => (await listCase(clients, caseNumber)).some((n) => n.templateId === 'case-accepted' && n.status === 'NOTIFICATION_STATUS_SENT'));
    const accepted = (await listCase(clients, caseNumber)).find((n) => n.templateId === 'case-accepted')!;
    const receipt = {
      notificationId: accepted.notificationId,
      provider: 'webhook',
      receipt: gateway.receiptOf(accepted.notificationId),
      outcome: 'RECEIPT_OUTCOME_DELIVERED' as 'RECEIPT_OUTCOME_DELIVERED' | 'RECEIPT_OUTCOME_UNDELIVERED',
      reason: '',
      occurredAt: new Date().toISOString(),
    };
    const report = (request: typeof receipt, metadata = gatewayCaller) => call(clients.notification.reportDeliveryReceipt, clients.notification, request, metadata);

    const delivered = (await report(receipt)).notification!;
    expect(delivered.status).toBe('NOTIFICATION_STATUS_DELIVERED');
    expect(delivered.history.map((change) => change.status)).toEqual(['NOTIFICATION_STATUS_QUEUED', 'NOTIFICATION_STATUS_SENT', 'NOTIFICATION_STATUS_DELIVERED']);
    // The provider repeats its callback: nothing changes.
    expect((await report(receipt)).notification!.history).toHaveLength(3);

    const refused = (request: typeof receipt, metadata = gatewayCaller) => report(request, metadata).catch((error: { code: number; details: string; metadata: unknown }) => error);
    expect(await refused({ ...receipt, receipt: 'gw-999' })).toMatchObject({ code: 9, details: expect.stringContaining('does not match') });
    expect(await refused(receipt, as('applicant', 'pc'))).toMatchObject({ code: 7 });
    expect(await refused(receipt, as('operator', 'pc'))).toMatchObject({ code: 7 });
    expect(await refused({ ...receipt, outcome: 'RECEIPT_OUTCOME_UNDELIVERED' })).toMatchObject({ code: 3, details: expect.stringContaining('reason') });
    expect(await refused({ ...receipt, occurredAt: '2099-01-01T00:00:00Z' })).toMatchObject({ code: 3, details: expect.stringContaining('occurred_at') });
    expect(await refused({ ...receipt, notificationId: 'no-such-notification' })).toMatchObject({ code: 5 });
  }, 60_000);
});

describe('notification preferences', () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('sends an applicant\'s messages on the channels they chose: e-mail through SMTP, push, and no SMS', async () => {
    const sink = await startSmtpSink();
    const platform = await startTestPlatform({
      OW_NOTIFICATION_ROUTES: 'email=smtp',
      OW_NOTIFICATION_SMTP_URL: sink.url,
      OW_NOTIFICATION_SMTP_FROM: '一网通办 <noreply@example.gov.cn>',
    });
    const clients = connect(platform.endpoints);
    closers.push(sink.close, async () => (clients.close(), await platform.stop()));
    const lisi = as('applicant', 'pc');
    const setPreferences = (request: { channels: Notification['channel'][]; email: string; pushToken: string }) =>
      call(clients.notification.setNotificationPreferences, clients.notification, { requestId: randomUUID(), ...request }, lisi);

    const missingEmail = await setPreferences({ channels: ['DELIVERY_CHANNEL_EMAIL'], email: '', pushToken: '' }).catch((error: { code: number; details: string }) => error);
    expect(missingEmail).toMatchObject({ code: 3, details: expect.stringContaining('email') });
    const staffChannel = await setPreferences({ channels: ['DELIVERY_CHANNEL_STAFF_INBOX'], email: '', pushToken: '' }).catch((error: { code: number; details: string }) => error);
    expect(staffChannel).toMatchObject({ code: 3, details: expect.stringContaining('channels') });
    const { preferences } = await setPreferences({ channels: ['DELIVERY_CHANNEL_EMAIL', 'DELIVERY_CHANNEL_APP_PUSH'], email: 'lisi@example.com', pushToken: 'device-lisi-1' });
    expect(preferences).toEqual({ channels: ['DELIVERY_CHANNEL_EMAIL', 'DELIVERY_CHANNEL_APP_PUSH'], email: 'l***@example.com', hasPushToken: true });
    expect((await call(clients.notification.getNotificationPreferences, clients.notification, {}, lisi)).preferences).toEqual(preferences);

    const caseNumber = await acceptedCase(clients);
    const mine = async () => (await call(clients.notification.listNotifications, clients.notification, { caseNumber: '', recipientSubject: 'applicant-lisi', pageSize: 200, pageToken: '', consistencyToken: '' }, lisi)).notifications.filter((n) => n.caseNumber === caseNumber);
    await waitUntil('the applicant\'s messages sent', async () => {
      const messages = await mine();
      return messages.length === 4 && messages.every((n) => n.status === 'NOTIFICATION_STATUS_SENT');
    });
    const messages = await mine();
    expect(messages.map((n) => [n.templateId, n.channel]).sort()).toEqual([
      ['case-accepted', 'DELIVERY_CHANNEL_APP_PUSH'],
      ['case-accepted', 'DELIVERY_CHANNEL_EMAIL'],
      ['case-submitted', 'DELIVERY_CHANNEL_APP_PUSH'],
      ['case-submitted', 'DELIVERY_CHANNEL_EMAIL'],
    ]);
    expect(messages.find((n) => n.channel === 'DELIVERY_CHANNEL_EMAIL')!.maskedAddress).toBe('l***@example.com');
    expect(messages.find((n) => n.channel === 'DELIVERY_CHANNEL_APP_PUSH')!.maskedAddress).toBe('devi***');
    expect(sink.mails.map((mail) => mail.to)).toEqual([['lisi@example.com'], ['lisi@example.com']]);
    expect(sink.mails.every((mail) => /Subject: =\?UTF-8\?/.test(mail.raw))).toBe(true);
    // Staff messages of the case still go to the department's inbox.
    expect((await listCase(clients, caseNumber)).some((n) => n.channel === 'DELIVERY_CHANNEL_STAFF_INBOX')).toBe(true);

    const someoneElses = await call(clients.notification.listNotifications, clients.notification, { caseNumber: '', recipientSubject: 'applicant-zhangsan', pageSize: 0, pageToken: '', consistencyToken: '' }, lisi).catch((error: { code: number }) => error);
    expect(someoneElses).toMatchObject({ code: 7 });
  }, 60_000);
});
