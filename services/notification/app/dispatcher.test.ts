import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationQueued } from '../../../generated/onewindow/notification/v1/events.ts';
import { Notification, type DeliveryChannel } from '../../../generated/onewindow/notification/v1/notification.ts';
import { createCommandHandler } from '../../platform/app/command-handler.ts';
import { noTrace } from '../../platform/events/envelope.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import type { NotificationPayload } from '../../contracts/topics.ts';
import { ProjectionRunner } from '../../platform/projection/projection-runner.ts';
import { SqliteReadModelStore } from '../../platform/readmodel/sqlite-read-model-store.ts';
import { SqliteEventStore } from '../../platform/store/sqlite-event-store.ts';
import { ManualClock } from '../../platform/time/clock.ts';
import { randomIds } from '../../platform/time/ids.ts';
import { notificationDecider } from '../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, notificationIdOf, notificationStreamId } from '../domain/notification/notification-events.ts';
import { parseQuietHours } from '../domain/notification/quiet-hours.ts';
import { DeliveryError, type DeliveryProvider, type OutgoingMessage } from './delivery-provider.ts';
import { Dispatcher } from './dispatcher.ts';
import { notificationCodec } from './notification-codec.ts';
import { NOTIFICATIONS, type NotificationDocument, notificationsProjection } from './projections/notifications-projection.ts';

/** Addresses here are not sealed: opening leaves them as they are. */
const plainText = { open: async (value: string) => value };

const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const policy = { maxAttempts: 5, backoffBaseMs: 1_000, backoffCapMs: 4_000 };
/** 10:00 in China. */
const T0 = new Date('2026-11-23T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** A provider whose answers the test scripts, one per call; it records when each call came. */
class ScriptedProvider implements DeliveryProvider {
  readonly name = 'scripted';
  readonly calls: Array<{ at: string; message: OutgoingMessage }> = [];
  readonly #answers: Array<Error | undefined>;
  readonly #clock: ManualClock;
  constructor(clock: ManualClock, answers: Array<Error | undefined>) {
    this.#clock = clock;
    this.#answers = answers;
  }
  async send(message: OutgoingMessage): Promise<{ receipt: string }> {
    this.calls.push({ at: this.#clock.now().toISOString(), message });
    const answer = this.#answers.shift();
    if (answer) throw answer;
    return { receipt: `r-${this.calls.length}` };
  }
}

const temporary = () => new DeliveryError('HTTP 503 busy', { permanent: false });

describe('dispatcher', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setup(answers: Array<Error | undefined>, options: { quietHours?: string; start?: Date } = {}) {
    const clock = new ManualClock(options.start ?? T0);
    const store = new SqliteEventStore({ service: 'notification', path: ':memory:' });
    const readModels = new SqliteReadModelStore(join(mkdtempSync(join(tmpdir(), 'ow-dispatch-')), 'rm.sqlite'));
    const view = new ProjectionRunner<NotificationPayload>({ projection: notificationsProjection, readModels, source: { kind: 'store', store, codec: notificationCodec }, logger });
    await view.start();
    cleanup.push(() => store.close(), () => readModels.close(), () => view.stop());
    const notifications = createCommandHandler({ store, codec: notificationCodec, decider: notificationDecider, ids: randomIds });
    const provider = new ScriptedProvider(clock, answers);
    const dispatcher = new Dispatcher({ notifications, readModels, providerFor: () => provider, policy, quietHours: parseQuietHours(options.quietHours ?? ''), clock, logger, personalData: plainText });
    const caughtUp = async () => {
      while ((await view.lag()) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    /** Queues one message and returns a function that reads its notification. */
    const queue = async (channel: DeliveryChannel = 'DELIVERY_CHANNEL_SMS') => {
      const queued: NotificationQueued = {
        notificationId: notificationIdOf('event-1', 'applicant-zhang', channel),
        caseNumber: '35010220261123000001',
        sourceEventId: 'event-1',
        sourceEventType: 'caseAccepted',
        recipientKind: 'RECIPIENT_KIND_APPLICANT',
        recipientSubject: 'applicant-zhang',
        address: '13800138000',
        channel,
        templateId: 'case-accepted',
        templateVersion: 1,
        title: '办件已受理',
        text: '您的办件已受理',
      };
      await notifications.handle({
        streamId: notificationStreamId(queued.notificationId),
        streamType: NOTIFICATION_STREAM_TYPE,
        command: { type: 'QueueNotification', notification: queued },
        context: {
          actor: { subject: 'system:notification', role: 'ROLE_SYSTEM', channel: 'CHANNEL_UNSPECIFIED', hallId: '', windowId: '', department: '', regionCode: '350102' },
          correlationId: queued.caseNumber,
          causationId: 'event-1',
          regionCode: '350102',
          traceContext: noTrace,
        },
        now: clock.now(),
      });
      await caughtUp();
      return async () => Notification.fromJSON((await readModels.get<NotificationDocument>(NOTIFICATIONS, queued.notificationId))!.notification);
    };
    /** Moves the clock to `ms` after T0 and runs one pass. */
    const passAt = async (ms: number) => {
      clock.set(at(ms));
      await dispatcher.runDue();
      await caughtUp();
    };
    return { clock, provider, queue, passAt, dispatcher, view, readModels, notifications, caughtUp };
  }

  it('retries a provider that fails three times on the back-off schedule, and shows every attempt', async () => {
    const { provider, queue, passAt } = await setup([temporary(), temporary(), temporary(), undefined]);
    const notification = await queue();
    // Due at T0 + 0, 1, 1+2, 1+2+4 seconds; passes in between try nothing.
    for (const ms of [0, 500, 1_000, 2_999, 3_000, 6_999, 7_000, 60_000]) await passAt(ms);
    expect(provider.calls.map((call) => call.at)).toEqual([at(0), at(1_000), at(3_000), at(7_000)]);
    const sent = await notification();
    expect(sent.status).toBe('NOTIFICATION_STATUS_SENT');
    expect(sent.attempts).toBe(4);
    expect(sent.history.map((change) => [change.status, change.attempt, change.at])).toEqual([
      ['NOTIFICATION_STATUS_QUEUED', 0, at(0)],
      ['NOTIFICATION_STATUS_RETRYING', 1, at(0)],
      ['NOTIFICATION_STATUS_RETRYING', 2, at(1_000)],
      ['NOTIFICATION_STATUS_RETRYING', 3, at(3_000)],
      ['NOTIFICATION_STATUS_SENT', 4, at(7_000)],
    ]);
    expect(sent.history[1]!.detail).toBe(`scripted: temporary failure: HTTP 503 busy; next attempt ${at(1_000)}`);
    expect(sent.history[4]!.detail).toBe('scripted r-4');
  });

  it('caps the back-off and dead-letters after the last allowed attempt', async () => {
    const { provider, queue, passAt } = await setup(Array.from({ length: 9 }, temporary));
    const notification = await queue();
    for (let ms = 0; ms <= 30_000; ms += 500) await passAt(ms);
    // 1 s, 2 s, then the 4 s cap; the fifth attempt is the last.
    expect(provider.calls.map((call) => call.at)).toEqual([at(0), at(1_000), at(3_000), at(7_000), at(11_000)]);
    const failed = await notification();
    expect(failed.status).toBe('NOTIFICATION_STATUS_FAILED');
    expect(failed.history.at(-1)?.detail).toBe('gave up after 5 attempts: HTTP 503 busy');
    expect(failed.nextAttemptAt).toBeUndefined();
  });

  it('stops at a permanent failure', async () => {
    const { provider, queue, passAt } = await setup([new DeliveryError('HTTP 400 not a mobile number', { permanent: true }), undefined]);
    const notification = await queue();
    for (const ms of [0, 1_000, 60_000, 3_600_000]) await passAt(ms);
    expect(provider.calls).toHaveLength(1);
    const failed = await notification();
    expect(failed.status).toBe('NOTIFICATION_STATUS_FAILED');
    expect(failed.history.map((change) => change.status)).toEqual(['NOTIFICATION_STATUS_QUEUED', 'NOTIFICATION_STATUS_FAILED', 'NOTIFICATION_STATUS_FAILED']);
    expect(failed.history.at(-1)?.detail).toBe('permanent failure: HTTP 400 not a mobile number');
  });

  it('counts any other error as temporary, masking what it says', async () => {
    const { provider, queue, passAt } = await setup([new Error('socket closed while sending to 13800138000'), undefined]);
    const notification = await queue();
    await passAt(0);
    await passAt(1_000);
    expect(provider.calls).toHaveLength(2);
    const sent = await notification();
    expect(sent.history[1]!.detail).toContain('138****8000');
    expect(JSON.stringify(sent)).not.toContain('13800138000');
  });

  it('holds SMS in quiet hours and sends when they end; e-mail goes at once', async () => {
    // 23:30 in China.
    const night = new Date('2026-11-22T15:30:00.000Z');
    const { provider, queue, clock, dispatcher } = await setup([], { quietHours: '22:00-08:00', start: night });
    const sms = await queue('DELIVERY_CHANNEL_SMS');
    const email = await queue('DELIVERY_CHANNEL_EMAIL');
    await dispatcher.runDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(provider.calls.map((call) => call.message.channel)).toEqual(['DELIVERY_CHANNEL_EMAIL']);
    const held = await sms();
    expect(held.status).toBe('NOTIFICATION_STATUS_DEFERRED');
    expect(held.nextAttemptAt).toBe('2026-11-23T00:00:00.000Z');
    expect(held.history.at(-1)?.detail).toBe('until 2026-11-23T00:00:00.000Z: quiet hours 22:00-08:00 (China time)');
    expect(await dispatcher.nextDueAt()).toEqual(new Date('2026-11-23T00:00:00.000Z'));

    clock.set('2026-11-22T23:59:59.000Z');
    await dispatcher.runDue();
    expect(provider.calls).toHaveLength(1);
    clock.set('2026-11-23T00:00:00.000Z');
    await dispatcher.runDue();
    expect(provider.calls.map((call) => [call.message.channel, call.at])).toEqual([
      ['DELIVERY_CHANNEL_EMAIL', night.toISOString()],
      ['DELIVERY_CHANNEL_SMS', '2026-11-23T00:00:00.000Z'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await sms()).status).toBe('NOTIFICATION_STATUS_SENT');
    expect((await email()).status).toBe('NOTIFICATION_STATUS_SENT');
  });

  it('never sends a message twice, however often passes repeat', async () => {
    const { provider, queue, passAt } = await setup([]);
    await queue();
    for (const ms of [0, 0, 10_000, 3_600_000]) await passAt(ms);
    expect(provider.calls.map((call) => call.at)).toEqual([at(0)]);
  });

  it('rebuilds the queue and every status history from the events to the same result', async () => {
    const night = new Date('2026-11-22T15:30:00.000Z');
    const { queue, clock, dispatcher, view, readModels, notifications, caughtUp } = await setup(
      [temporary(), undefined, new DeliveryError('HTTP 400 bad address', { permanent: true })],
      { quietHours: '22:00-08:00', start: night },
    );
    const sms = await queue('DELIVERY_CHANNEL_SMS');
    const email = await queue('DELIVERY_CHANNEL_EMAIL');
    const push = await queue('DELIVERY_CHANNEL_APP_PUSH');
    for (const at of [night, new Date('2026-11-22T15:31:00.000Z'), new Date('2026-11-23T00:00:00.000Z')]) {
      clock.set(at);
      await dispatcher.runDue();
      await caughtUp();
    }
    const sent = await email();
    await notifications.handle({
      streamId: notificationStreamId(sent.notificationId),
      streamType: NOTIFICATION_STREAM_TYPE,
      command: { type: 'RecordReceipt', provider: 'scripted', receipt: sent.history.at(-1)!.detail.split(' ')[1]!, outcome: 'RECEIPT_OUTCOME_DELIVERED', reason: '', occurredAt: clock.now().toISOString() },
      context: { actor: { subject: 'sms-gateway', role: 'ROLE_SYSTEM', channel: 'CHANNEL_UNSPECIFIED', hallId: '', windowId: '', department: '', regionCode: '' }, correlationId: sent.caseNumber, causationId: 'request:receipt', regionCode: '350102', traceContext: noTrace },
      now: clock.now(),
    });
    await caughtUp();
    // Every kind of notification event is in the data: queued, deferred, attempt failed, sent, receipt, failed.
    expect([(await sms()).status, (await email()).status, (await push()).status].sort()).toEqual(['NOTIFICATION_STATUS_DELIVERED', 'NOTIFICATION_STATUS_FAILED', 'NOTIFICATION_STATUS_SENT']);
    expect((await sms()).history.map((change) => change.status)).toContain('NOTIFICATION_STATUS_DEFERRED');

    const dump = () => readModels.find(NOTIFICATIONS, { orderBy: [['id', 'asc']] });
    const live = await dump();
    await view.rebuild();
    await caughtUp();
    expect(await dump()).toEqual(live);
  });

  it('does not try a message again while a slow provider is still taking it, even when another fails to be recorded', async () => {
    const clock = new ManualClock(T0);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const sends: string[] = [];
    const provider: DeliveryProvider = {
      name: 'slow',
      send: async (message) => {
        sends.push(message.channel);
        if (message.channel === 'DELIVERY_CHANNEL_EMAIL') await slow;
        return { receipt: 'r' };
      },
    };
    const { queue, readModels, notifications, caughtUp } = await setup([]);
    await queue('DELIVERY_CHANNEL_EMAIL');
    await queue('DELIVERY_CHANNEL_SMS');
    // Recording the SMS's send fails (a store fault); the e-mail's provider hangs meanwhile.
    const failing = { ...notifications, handle: async (request: Parameters<typeof notifications.handle>[0]) => {
      if (request.command.type === 'RecordSent' && request.streamId.endsWith(notificationIdOf('event-1', 'applicant-zhang', 'DELIVERY_CHANNEL_SMS'))) throw new Error('disk full');
      return notifications.handle(request);
    } };
    const dispatcher = new Dispatcher({ notifications: failing, readModels, providerFor: () => provider, policy, quietHours: undefined, clock, logger, personalData: plainText });
    const first = dispatcher.runDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispatcher.runDue();
    await dispatcher.runDue();
    release();
    await first;
    await caughtUp();
    expect(sends.filter((channel) => channel === 'DELIVERY_CHANNEL_EMAIL')).toHaveLength(1);
  });
});
