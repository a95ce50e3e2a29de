import type { DeliveryChannel } from '../../../generated/onewindow/notification/v1/notification.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import { systemContext } from '../../platform/app/causation.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { maskPersonalDataInText } from '../../platform/privacy/mask-personal-data.ts';
import { isUnavailable } from '../../platform/privacy/sealed-value.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Stoppable } from '../../platform/async/background-work.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { consumeEvent } from '../../platform/telemetry/tracing.ts';
import { crashPoint } from '../../platform/faults/crash-point.ts';
import { channelNames } from './channel-names.ts';
import type { JobTenure } from '../../platform/service/job-ownership.ts';
import type { DeliveryPolicy } from '../domain/notification/delivery-policy.ts';
import { type NotificationCommand, type NotificationState, isPending } from '../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, type NotificationEvent, notificationStreamId } from '../domain/notification/notification-events.ts';
import { type QuietHours, describeQuietHours, quietHoursEnd } from '../domain/notification/quiet-hours.ts';
import { DeliveryError, type DeliveryProvider } from './delivery-provider.ts';
import { NOTIFICATIONS, type NotificationDocument } from './projections/notifications-projection.ts';

export interface DispatcherOptions {
  readonly notifications: CommandHandler<NotificationCommand, NotificationEvent, NotificationState>;
  readonly readModels: ReadModelReader;
  readonly providerFor: (channel: DeliveryChannel) => DeliveryProvider;
  readonly policy: DeliveryPolicy;
  readonly quietHours: QuietHours | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Opens the sealed address just before it is handed to the provider (privacy/). */
  readonly personalData: { open(value: string): Promise<string> };
}

/** Notifications looked at per pass, and tried at once within it. */
const PASS_SIZE = 256;
const CONCURRENCY = 16;
/** The pause after a pass that found only notifications the read model shows due too early. */
const CATCH_UP_PAUSE_MS = 250;
/** The longest sleep between passes, should a wake-up be missed. */
const MAX_IDLE_MS = 30_000;

/** How often the dispatcher looks for due notifications when another replica may own its view. */
const SHARED_POLL_MS = 500;

/**
 * What wakes the dispatcher: each batch its view applies in this process and, on a store the
 * replicas share (where another may own the view), a look every half second as well.
 */
export function wakeOnQueued(view: { onApplied(listener: () => void): () => void }, shared: boolean): (wake: () => void) => () => void {
  return (wake) => {
    const unsubscribe = view.onApplied(wake);
    const timer = shared ? setInterval(wake, SHARED_POLL_MS).unref() : undefined;
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  };
}

/**
 * Hands due notifications to their providers and records what became of each attempt. The queue
 * is the notifications read model (pending, by due time), so nothing scheduled lives only in
 * memory: after a crash the next pass finds every message still owed, including retries and those
 * held for quiet hours. Each attempt is checked against the notification's own events first, and
 * the provider is idempotent on the notification id, so a message recorded as sent is never sent
 * again and one whose recording was lost is recognised by the provider.
 */
export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #inFlight = new Set<string>();
  /** Whether this replica still owns the dispatcher: asked right before each send. */
  #holds: () => boolean = () => true;

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  /**
   * One pass over what is due now: how many notifications it looked at, and how many of those it
   * tried, deferred or found not yet due (the rest the read model had not caught up with).
   * A notification already being tried (a slow provider) is left to that attempt.
   */
  async runDue(): Promise<{ looked: number; acted: number }> {
    const due = await this.#options.readModels.find<NotificationDocument>(NOTIFICATIONS, {
      where: { pending: true, dueAt: { lte: this.#options.clock.now().toISOString() } },
      orderBy: [['dueAt', 'asc']],
      limit: PASS_SIZE,
    });
    let acted = 0;
    for (let start = 0; start < due.length; start += CONCURRENCY) {
      const chunk = due.slice(start, start + CONCURRENCY).filter((document) => !this.#inFlight.has(document.id));
      // Settled, not all: one notification's failure must not end the pass while others are sending.
      const outcomes = await Promise.allSettled(chunk.map((document) => this.#attemptOnce(document)));
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') acted += outcome.value ? 1 : 0;
        else this.#options.logger.error({ err: outcome.reason }, 'a notification could not be dispatched; the next pass retries it');
      }
    }
    return { looked: due.length, acted };
  }

  async #attemptOnce(document: NotificationDocument): Promise<boolean> {
    this.#inFlight.add(document.id);
    try {
      return await this.#attempt(document);
    } finally {
      this.#inFlight.delete(document.id);
    }
  }

  /** When the next pending notification is due, if any. */
  async nextDueAt(): Promise<Date | undefined> {
    const [next] = await this.#options.readModels.find<NotificationDocument>(NOTIFICATIONS, { where: { pending: true }, orderBy: [['dueAt', 'asc']], limit: 1 });
    if (!next) return undefined;
    return next.dueAt ? new Date(next.dueAt) : this.#options.clock.now();
  }

  /** Whether it did anything: false when the notification's own events say it is not due. */
  async #attempt(document: NotificationDocument): Promise<boolean> {
    const { notifications, clock } = this.#options;
    const streamId = notificationStreamId(document.id);
    const { state, events } = await notifications.load(streamId);
    if (state.status === 'none' || !isPending(state)) return false;
    if (state.notBefore && Date.parse(state.notBefore) > clock.now().getTime()) return false;
    // The attempt continues the trace of the notification's last event (queued, or a failed try).
    return consumeEvent('notification', `deliver ${channelNames[state.queued.channel]}`, events.at(-1)!, { 'ow.delivery_channel': channelNames[state.queued.channel] }, async () => {
      await this.#deliver(document, state, streamId);
      return true;
    });
  }

  async #deliver(document: NotificationDocument, state: Exclude<NotificationState, { status: 'none' }>, streamId: string): Promise<void> {
    const { notifications, clock, quietHours, policy, logger } = this.#options;
    const record = (command: NotificationCommand) =>
      notifications.handle({
        streamId,
        streamType: NOTIFICATION_STREAM_TYPE,
        command,
        context: systemContext('notification', { correlationId: document.caseNumber, regionCode: document.regionCode, request: `dispatch:${document.id}` }),
        now: clock.now(),
      });

    const { queued } = state;
    const holdUntil = quietHoursEnd(quietHours, queued.channel, clock.now());
    if (holdUntil && quietHours) {
      await record({ type: 'DeferNotification', notBefore: holdUntil.toISOString(), reason: describeQuietHours(quietHours) });
      return;
    }
    const provider = this.#options.providerFor(queued.channel);
    try {
      const address = await this.#options.personalData.open(queued.address);
      // The recipient was erased (or their key lost): no address to deliver to, now or later.
      if (isUnavailable(address)) throw new DeliveryError(`the recipient's address is ${address}`, { permanent: true });
      // A replica that may have lost the dispatcher to another sends nothing more: the new owner will.
      if (!this.#holds()) return;
      const { receipt } = await provider.send({ notificationId: queued.notificationId, channel: queued.channel, address, title: queued.title, text: queued.text });
      crashPoint('dispatcher:delivered');
      await record({ type: 'RecordSent', provider: provider.name, receipt });
    } catch (error) {
      const failure = failureOf(error);
      logger.warn({ notificationId: queued.notificationId, provider: provider.name, attempt: state.attempts + 1, ...failure }, 'delivery attempt failed');
      await record({ type: 'RecordAttemptFailure', provider: provider.name, ...failure, policy, failedAt: clock.now() });
    }
  }

  /**
   * Runs passes when woken (something was queued or changed) and when the next one falls due, for
   * as long as this replica owns the dispatcher (`tenure`, service/job-ownership.ts).
   */
  start(wakeOn: (listener: () => void) => () => void, tenure?: Pick<JobTenure, 'holds'>): Stoppable {
    if (tenure) this.#holds = () => tenure.holds();
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let wanted = false;
    let running: Promise<void> = Promise.resolve();
    const pass = async () => {
      wanted = false;
      // After a failed pass (the store unreadable, say) the next one comes a second later.
      let wait = 1_000;
      try {
        const { looked, acted } = await this.runDue();
        const next = looked === PASS_SIZE ? this.#options.clock.now() : await this.nextDueAt();
        wait = next ? Math.max(0, next.getTime() - this.#options.clock.now().getTime()) : MAX_IDLE_MS;
        // Due in the read model but not by the notifications' own events: it has not caught up
        // yet, and its next change wakes us; do not spin on it meanwhile.
        if (looked > 0 && acted === 0) wait = Math.max(wait, CATCH_UP_PAUSE_MS);
      } catch (error) {
        this.#options.logger.error({ err: error }, 'notification dispatch failed; the next pass retries');
      }
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(wake, Math.min(wait, MAX_IDLE_MS));
    };
    const wake = () => {
      if (stopped || wanted) return;
      wanted = true;
      running = running.then(pass);
    };
    const unsubscribe = wakeOn(wake);
    wake();
    return {
      async stop() {
        stopped = true;
        unsubscribe();
        clearTimeout(timer);
        await running;
      },
    };
  }
}

function failureOf(error: unknown): { permanent: boolean; reason: string; retryAfterMs: number } {
  if (error instanceof DeliveryError) return { permanent: error.permanent, reason: error.message, retryAfterMs: error.retryAfterMs };
  // Not a provider's answer (a fault on our side or the network's): worth another attempt.
  const message = error instanceof Error ? error.message : String(error);
  return { permanent: false, reason: maskPersonalDataInText(message).slice(0, 200), retryAfterMs: 0 };
}
