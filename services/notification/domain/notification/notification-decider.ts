import type { NotificationQueued } from '../../../../generated/onewindow/notification/v1/events.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import type { NotificationEvent } from './notification-events.ts';

export interface QueueNotification {
  readonly type: 'QueueNotification';
  readonly notification: NotificationQueued;
}

export interface RecordDelivery {
  readonly type: 'RecordDelivery';
  readonly provider: string;
  readonly receipt: string;
}

export type NotificationCommand = QueueNotification | RecordDelivery;

export type NotificationState =
  | { readonly status: 'none' }
  | { readonly status: 'queued' | 'delivered'; readonly queued: NotificationQueued };

/** One message to one recipient on one channel: queued once, delivered once. */
export const notificationDecider: Decider<NotificationCommand, NotificationEvent, NotificationState> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.$case) {
      case 'notificationQueued':
        return { status: 'queued', queued: event.value };
      case 'notificationDelivered':
        return state.status === 'none' ? state : { ...state, status: 'delivered' };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'QueueNotification':
        return state.status === 'none' ? [{ $case: 'notificationQueued', value: command.notification }] : [];
      case 'RecordDelivery':
        if (state.status === 'none') throw new FailedPreconditionError('a notification that was never queued cannot be delivered');
        if (state.status === 'delivered') return [];
        return [
          {
            $case: 'notificationDelivered',
            value: { notificationId: state.queued.notificationId, caseNumber: state.queued.caseNumber, provider: command.provider, receipt: command.receipt },
          },
        ];
      default:
        return assertNever(command);
    }
  },
};
