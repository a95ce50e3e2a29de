import { Notification, type NotificationPreferences } from '../../../generated/onewindow/notification/v1/notification.ts';
import type { NotificationServiceService } from '../../../generated/onewindow/notification/v1/notification_service.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import { isWithin } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { runCommand } from '../../platform/grpc/run-command.ts';
import { maskAddress, maskPersonalDataInText } from '../../platform/logging/mask-personal-data.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { NotificationCommand, NotificationState } from '../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, type NotificationEvent, notificationStreamId } from '../domain/notification/notification-events.ts';
import { PREFERENCES_STREAM_TYPE, type PreferencesState, type SetPreferences, preferencesStreamId } from '../domain/preferences/preferences-decider.ts';
import { NOTIFICATIONS, type NotificationDocument } from '../app/projections/notifications-projection.ts';
import { getNotificationSchema, listNotificationsSchema, reportDeliveryReceiptSchema, setPreferencesSchema } from './notification-schemas.ts';

export interface NotificationRpcDependencies {
  readonly readModels: ReadModelReader;
  readonly view: ReadModelWaiter;
  readonly notifications: CommandHandler<NotificationCommand, NotificationEvent, NotificationState>;
  readonly preferences: CommandHandler<SetPreferences, NotificationEvent, PreferencesState>;
  readonly clock: Clock;
  readonly consistencyWaitMs: number;
}

const READERS = ['ROLE_APPLICANT', 'ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR', 'ROLE_SYSTEM'] as const;

/** Applicants read messages addressed to them as applicants; staff those of cases in their
 * jurisdiction; the system (providers' callback gateway) all. The recipient kind matters: a staff
 * inbox's name is not an applicant's account. */
function mayRead(context: CallContext, document: NotificationDocument): boolean {
  if (context.role === 'ROLE_SYSTEM') return true;
  if (context.role === 'ROLE_APPLICANT') {
    return document.recipientKind === 'RECIPIENT_KIND_APPLICANT' && document.recipientSubject === context.caller.subject;
  }
  return Boolean(context.caller.regionCode) && isWithin(document.regionCode, context.caller.regionCode);
}

const preferencesView = (state: PreferencesState): NotificationPreferences =>
  state
    ? { channels: state.channels, email: state.email ? maskAddress(state.email) : '', hasPushToken: state.pushToken !== '' }
    : { channels: ['DELIVERY_CHANNEL_SMS'], email: '', hasPushToken: false };

export function notificationRpc(deps: NotificationRpcDependencies): ServiceImplementation<typeof NotificationServiceService> {
  const waitFor = (token: string, context: CallContext) =>
    deps.view.waitFor(decodeConsistencyToken(token), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);
  const readable = async (notificationId: string, context: CallContext) => {
    const document = await deps.readModels.get<NotificationDocument>(NOTIFICATIONS, notificationId);
    if (!document) throw new NotFoundError(`notification ${notificationId} does not exist`);
    if (!mayRead(context, document)) throw new PermissionDeniedError('the notification is neither addressed to the caller nor in their jurisdiction');
    return document;
  };

  return {
    listNotifications: {
      access: READERS,
      schema: listNotificationsSchema,
      async handle(request, context) {
        if (context.role === 'ROLE_APPLICANT' && request.recipientSubject && request.recipientSubject !== context.caller.subject) {
          throw new PermissionDeniedError('applicants list only their own notifications');
        }
        await waitFor(request.consistencyToken, context);
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<NotificationDocument>(NOTIFICATIONS, {
          where: request.caseNumber ? { caseNumber: request.caseNumber } : { recipientSubject: request.recipientSubject },
          orderBy: [['queuedAt', 'asc']],
        });
        const mine = documents.filter((document) => mayRead(context, document));
        return {
          notifications: mine.slice(offset, offset + size).map((d) => Notification.fromJSON(d.notification)),
          nextPageToken: nextPageToken(offset, size, mine.length > offset + size),
        };
      },
    },
    getNotification: {
      access: READERS,
      schema: getNotificationSchema,
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        return { notification: Notification.fromJSON((await readable(request.notificationId, context)).notification) };
      },
    },
    reportDeliveryReceipt: {
      // Providers' callbacks only: a person must not mark a message delivered or undelivered.
      access: ['ROLE_SYSTEM'],
      schema: reportDeliveryReceiptSchema(() => deps.clock.now()),
      async handle(request, context) {
        const document = await readable(request.notificationId, context);
        const now = deps.clock.now();
        const result = await deps.notifications.handle({
          streamId: notificationStreamId(request.notificationId),
          streamType: NOTIFICATION_STREAM_TYPE,
          command: {
            type: 'RecordReceipt',
            provider: request.provider,
            receipt: request.receipt,
            outcome: request.outcome as 'RECEIPT_OUTCOME_DELIVERED' | 'RECEIPT_OUTCOME_UNDELIVERED',
            reason: maskPersonalDataInText(request.reason),
            occurredAt: request.occurredAt ?? now.toISOString(),
          },
          context: {
            actor: actorOf(context),
            correlationId: document.caseNumber,
            causationId: `request:receipt:${request.notificationId}`,
            regionCode: document.regionCode,
            traceContext: context.traceContext,
          },
          now,
        });
        await deps.view.waitFor(decodeConsistencyToken(result.consistencyToken), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);
        const updated = await deps.readModels.get<NotificationDocument>(NOTIFICATIONS, request.notificationId);
        return { notification: Notification.fromJSON(updated?.notification ?? document.notification), consistencyToken: result.consistencyToken };
      },
    },
    setNotificationPreferences: {
      access: ['ROLE_APPLICANT'],
      schema: setPreferencesSchema,
      async handle(request, context) {
        const result = await runCommand(deps.preferences, deps.clock, {
          streamId: preferencesStreamId(context.caller.subject),
          streamType: PREFERENCES_STREAM_TYPE,
          correlationId: '',
          regionCode: context.caller.regionCode,
          request,
          context,
          command: () => ({
            type: 'SetPreferences',
            preferences: { recipientSubject: context.caller.subject, channels: request.channels, email: request.email, pushToken: request.pushToken },
          }),
        });
        return { preferences: preferencesView(result.state), consistencyToken: result.consistencyToken };
      },
    },
    getNotificationPreferences: {
      access: ['ROLE_APPLICANT'],
      async handle(_request, context) {
        return { preferences: preferencesView((await deps.preferences.load(preferencesStreamId(context.caller.subject))).state) };
      },
    },
  };
}
