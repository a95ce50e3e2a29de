import type { GetNotificationPreferencesRequest, GetNotificationPreferencesResponse } from '../../../../generated/onewindow/notification/v1/notification_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { preferencesStreamId } from '../../domain/preferences/preferences-decider.ts';
import type { NotificationApp } from '../notification-app.ts';
import { preferencesView } from '../preferences-view.ts';

/** An applicant's own choice of channels, the e-mail address masked (read from its stream: always current). */
export async function getNotificationPreferences(app: NotificationApp, _request: GetNotificationPreferencesRequest, caller: CallContext): Promise<GetNotificationPreferencesResponse> {
  // Preferences are kept per account: the caller's own, by construction.
  caller.authorize({ owner: caller.caller.subject });
  return { preferences: preferencesView((await app.preferences.load(preferencesStreamId(caller.caller.subject))).state) };
}
