import type { NotificationQueued } from '../../../../generated/onewindow/notification/v1/events.ts';
import type { ReceiptOutcome } from '../../../../generated/onewindow/notification/v1/notification.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { type DeliveryPolicy, nextAttemptAt } from './delivery-policy.ts';
import type { NotificationEvent } from './notification-events.ts';

export interface QueueNotification {
  readonly type: 'QueueNotification';
  readonly notification: NotificationQueued;
}

/** Quiet hours: hold the message until `notBefore`. */
export interface DeferNotification {
  readonly type: 'DeferNotification';
  readonly notBefore: string;
  readonly reason: string;
}

export interface RecordSent {
  readonly type: 'RecordSent';
  readonly provider: string;
  readonly receipt: string;
}

export interface RecordAttemptFailure {
  readonly type: 'RecordAttemptFailure';
  readonly provider: string;
  readonly permanent: boolean;
  /** Already masked. */
  readonly reason: string;
  readonly retryAfterMs: number;
  readonly policy: DeliveryPolicy;
  readonly failedAt: Date;
}

export interface RecordReceipt {
  readonly type: 'RecordReceipt';
  readonly provider: string;
  readonly receipt: string;
  readonly outcome: Exclude<ReceiptOutcome, 'RECEIPT_OUTCOME_UNSPECIFIED' | 'UNRECOGNIZED'>;
  readonly reason: string;
  readonly occurredAt: string;
}

export type NotificationCommand = QueueNotification | DeferNotification | RecordSent | RecordAttemptFailure | RecordReceipt;

/** Waiting for an attempt: the dispatcher may try these once `notBefore` has passed. */
export type PendingStatus = 'queued' | 'deferred' | 'retrying';

export type NotificationState =
  | { readonly status: 'none' }
  | {
      readonly status: PendingStatus | 'sent' | 'delivered' | 'failed';
      readonly queued: NotificationQueued;
      readonly attempts: number;
      /** Not to be tried before this instant (ISO); '' for at once. */
      readonly notBefore: string;
      /** What the provider answered when it took the message. */
      readonly sent?: { readonly provider: string; readonly receipt: string };
      /** Whether a receipt was recorded: the first is final. */
      readonly receiptRecorded: boolean;
    };

export const isPending = (state: NotificationState): boolean => state.status === 'queued' || state.status === 'deferred' || state.status === 'retrying';

/**
 * One message to one recipient on one channel (GOV.UK Notify's lifecycle): queued once; held in
 * quiet hours; tried until the provider takes it, with back-off between temporary failures and
 * a dead letter after a permanent one or the last allowed attempt; then the provider's receipt.
 * Every step records itself once, however often the dispatcher or a callback repeats it.
 */
export const notificationDecider: Decider<NotificationCommand, NotificationEvent, NotificationState> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.$case === 'notificationQueued') {
      return { status: 'queued', queued: event.value, attempts: 0, notBefore: '', receiptRecorded: false };
    }
    if (state.status === 'none') return state;
    switch (event.$case) {
      case 'notificationDeferred':
        return { ...state, status: 'deferred', notBefore: event.value.notBefore ?? '' };
      case 'notificationAttemptFailed':
        return { ...state, status: 'retrying', attempts: event.value.attempt, notBefore: event.value.nextAttemptAt ?? '' };
      case 'notificationSent':
        return { ...state, status: 'sent', attempts: event.value.attempt, notBefore: '', sent: { provider: event.value.provider, receipt: event.value.receipt } };
      case 'deliveryReceiptReported':
        return { ...state, status: event.value.outcome === 'RECEIPT_OUTCOME_DELIVERED' ? 'delivered' : state.status, receiptRecorded: true };
      case 'notificationFailed':
        return { ...state, status: 'failed', notBefore: '' };
      case 'notificationPreferencesSet':
        // Written to preference streams, never to a notification's.
        return state;
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    if (command.type === 'QueueNotification') return state.status === 'none' ? [{ $case: 'notificationQueued', value: command.notification }] : [];
    if (state.status === 'none') throw new FailedPreconditionError('the notification was never queued');
    const ids = { notificationId: state.queued.notificationId, caseNumber: state.queued.caseNumber };
    switch (command.type) {
      case 'DeferNotification':
        if (!isPending(state) || (state.status === 'deferred' && state.notBefore === command.notBefore)) return [];
        return [{ $case: 'notificationDeferred', value: { ...ids, notBefore: command.notBefore, reason: command.reason } }];
      case 'RecordSent':
        if (!isPending(state)) return [];
        return [{ $case: 'notificationSent', value: { ...ids, provider: command.provider, receipt: command.receipt, attempt: state.attempts + 1 } }];
      case 'RecordAttemptFailure':
        return isPending(state) ? attemptFailed(command, state, ids) : [];
      case 'RecordReceipt':
        return receiptReported(command, state, ids);
      default:
        return assertNever(command);
    }
  },
};

type Queued = Exclude<NotificationState, { status: 'none' }>;
type Ids = { notificationId: string; caseNumber: string };

function attemptFailed(command: RecordAttemptFailure, state: Queued, ids: Ids): NotificationEvent[] {
  const attempt = state.attempts + 1;
  const last = command.permanent || attempt >= command.policy.maxAttempts;
  const failed: NotificationEvent = {
    $case: 'notificationAttemptFailed',
    value: {
      ...ids,
      provider: command.provider,
      attempt,
      permanent: command.permanent,
      reason: command.reason,
      nextAttemptAt: last ? undefined : nextAttemptAt(command.policy, attempt, command.failedAt, command.retryAfterMs).toISOString(),
    },
  };
  if (!last) return [failed];
  const why = command.permanent ? `permanent failure: ${command.reason}` : `gave up after ${attempt} attempts: ${command.reason}`;
  return [failed, { $case: 'notificationFailed', value: { ...ids, reason: why, attempts: attempt } }];
}

function receiptReported(command: RecordReceipt, state: Queued, ids: Ids): NotificationEvent[] {
  if (!state.sent) throw new FailedPreconditionError('the notification has not been sent, so no receipt can be reported for it');
  if (state.sent.provider !== command.provider || state.sent.receipt !== command.receipt) {
    throw new FailedPreconditionError('the receipt does not match what the provider answered when it took the message');
  }
  // The first receipt is final; a provider repeating its callback changes nothing.
  if (state.receiptRecorded) return [];
  const reported: NotificationEvent = {
    $case: 'deliveryReceiptReported',
    value: { ...ids, provider: command.provider, receipt: command.receipt, outcome: command.outcome, reason: command.reason, occurredAt: command.occurredAt },
  };
  if (command.outcome === 'RECEIPT_OUTCOME_DELIVERED') return [reported];
  return [reported, { $case: 'notificationFailed', value: { ...ids, reason: `undelivered: ${command.reason}`, attempts: state.attempts } }];
}
