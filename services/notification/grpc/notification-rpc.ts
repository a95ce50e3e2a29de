import { z } from 'zod';
import { Notification } from '../../../generated/onewindow/notification/v1/notification.ts';
import type { NotificationServiceService } from '../../../generated/onewindow/notification/v1/notification_service.ts';
import { isWithin } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError } from '../../platform/domain/errors.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf, pageSizeSchema } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import { NOTIFICATIONS, type NotificationDocument } from '../app/projections/notifications-projection.ts';

export interface NotificationRpcDependencies {
  readonly readModels: ReadModelReader;
  readonly notifications: ReadModelWaiter;
  readonly consistencyWaitMs: number;
}

const caseNumber = z.string().regex(/^[0-9A-Za-z-]{1,50}$/, 'must be a case number (at most 50 letters and digits)');
const READERS = ['ROLE_APPLICANT', 'ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR'] as const;

/** Applicants read messages addressed to them as applicants; staff read those of cases in their
 * jurisdiction. The recipient kind matters: a staff inbox's name is not an applicant's account. */
function mayRead(context: CallContext, document: NotificationDocument): boolean {
  if (context.role === 'ROLE_APPLICANT') {
    return document.recipientKind === 'RECIPIENT_KIND_APPLICANT' && document.recipientSubject === context.caller.subject;
  }
  return Boolean(context.caller.regionCode) && isWithin(document.regionCode, context.caller.regionCode);
}

export function notificationRpc(deps: NotificationRpcDependencies): ServiceImplementation<typeof NotificationServiceService> {
  const waitFor = (token: string, context: CallContext) =>
    deps.notifications.waitFor(decodeConsistencyToken(token), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);

  return {
    listNotifications: {
      access: READERS,
      schema: z.object({ caseNumber, pageSize: pageSizeSchema }),
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<NotificationDocument>(NOTIFICATIONS, {
          where: { caseNumber: request.caseNumber },
          orderBy: [['queuedAt', 'asc']],
        });
        const readable = documents.filter((document) => mayRead(context, document));
        return {
          notifications: readable.slice(offset, offset + size).map((d) => Notification.fromJSON(d.notification)),
          nextPageToken: nextPageToken(offset, size, readable.length > offset + size),
        };
      },
    },
    getNotification: {
      access: READERS,
      schema: z.object({ notificationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a notification id') }),
      async handle(request, context) {
        await waitFor(request.consistencyToken, context);
        const document = await deps.readModels.get<NotificationDocument>(NOTIFICATIONS, request.notificationId);
        if (!document) throw new NotFoundError(`notification ${request.notificationId} does not exist`);
        if (!mayRead(context, document)) throw new PermissionDeniedError('the notification is neither addressed to the caller nor in their jurisdiction');
        return { notification: Notification.fromJSON(document.notification) };
      },
    },
  };
}
