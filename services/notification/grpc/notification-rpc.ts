import { Notification, type NotificationPreferences } from '../../../generated/onewindow/notification/v1/notification.ts';
import type { NotificationServiceService } from '../../../generated/onewindow/notification/v1/notification_service.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { runCommand } from '../../platform/grpc/run-command.ts';
import type { ResourceFacts } from '../../platform/security/resource-scope.ts';
import { maskAddress, maskPersonalDataInText } from '../../platform/logging/mask-personal-data.ts';
import { accountSubject } from '../../platform/privacy/data-subjects.ts';
import type { PersonalDataVault } from '../../platform/privacy/personal-data-vault.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { NotificationCommand, NotificationState } from '../domain/notification/notification-decider.ts';
import { NOTIFICATION_STREAM_TYPE, type NotificationEvent, notificationStreamId } from '../domain/notification/notification-events.ts';
import { PREFERENCES_STREAM_TYPE, type PreferencesState, type SetPreferences, preferencesStreamId } from '../domain/preferences/preferences-decider.ts';
import { NOTIFICATIONS, type NotificationDocument } from '../app/projections/notifications-projection.ts';
import { sealAddresses } from '../app/seal-preferences.ts';
import { getNotificationSchema, listNotificationsSchema, reportDeliveryReceiptSchema, setPreferencesSchema } from './notification-schemas.ts';

export interface NotificationRpcDependencies {
  readonly readModels: ReadModelReader;
  readonly view: ReadModelWaiter;
  readonly notifications: CommandHandler<NotificationCommand, NotificationEvent, NotificationState>;
  readonly preferences: CommandHandler<SetPreferences, NotificationEvent, PreferencesState>;
  readonly clock: Clock;
  readonly consistencyWaitMs: number;
  readonly personalData: PersonalDataVault;
}


/**
 * A message as the access policy sees it: an applicant's is theirs; a staff inbox's name is not an
 * applicant's account, so it is nobody's own. It lies in its case's region.
 */
const notificationResource = (document: NotificationDocument): ResourceFacts => ({
  ...(document.recipientKind === 'RECIPIENT_KIND_APPLICANT' ? { owner: document.recipientSubject } : {}),
  regions: [document.regionCode],
});

/** The e-mail address shows masked even to its owner (as account settings pages do); the push token not at all. */
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
    context.authorize(notificationResource(document));
    return document;
  };

  return {
    listNotifications: {
      schema: listNotificationsSchema,
      async handle(request, context) {
        // An applicant asking for someone else's messages is refused; otherwise a listing leaves out what the caller may not read.
        if (context.scope === 'own' && request.recipientSubject) context.authorize({ owner: request.recipientSubject });
        await waitFor(request.consistencyToken, context);
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<NotificationDocument>(NOTIFICATIONS, {
          where: request.caseNumber ? { caseNumber: request.caseNumber } : { recipientSubject: request.recipientSubject },
          orderBy: [['queuedAt', 'asc']],
        });
        const mine = context.reachable(documents, notificationResource);
        return {
          notifications: mine.slice(offset, offset + size).map((d) => Notification.fromJSON(d.notification)),
          nextPageToken: nextPageToken(offset, size, mine.length > offset + size),
        };
      },
    },
    getNotification: {
      schema: getNotificationSchema,
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        return { notification: Notification.fromJSON((await readable(request.notificationId, context)).notification) };
      },
    },
    reportDeliveryReceipt: {
      // Providers' callbacks only: a person must not mark a message delivered or undelivered.
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
      schema: setPreferencesSchema,
      async handle(request, context) {
        // Preferences are kept per account: the caller's own, by construction.
        context.authorize({ owner: context.caller.subject });
        const current = (await deps.preferences.load(preferencesStreamId(context.caller.subject))).state;
        const addresses = await sealAddresses(deps.personalData, accountSubject(context.caller.subject), current, request);
        const result = await runCommand(deps.preferences, deps.clock, {
          streamId: preferencesStreamId(context.caller.subject),
          streamType: PREFERENCES_STREAM_TYPE,
          correlationId: '',
          regionCode: context.caller.regionCode,
          request,
          context,
          command: () => ({
            type: 'SetPreferences',
            preferences: { recipientSubject: context.caller.subject, channels: request.channels, ...addresses },
          }),
        });
        return { preferences: preferencesView(result.state), consistencyToken: result.consistencyToken };
      },
    },
    getNotificationPreferences: {
      async handle(_request, context) {
        context.authorize({ owner: context.caller.subject });
        return { preferences: preferencesView((await deps.preferences.load(preferencesStreamId(context.caller.subject))).state) };
      },
    },
  };
}
