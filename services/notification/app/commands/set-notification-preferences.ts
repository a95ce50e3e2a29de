import type { SetNotificationPreferencesRequest, SetNotificationPreferencesResponse } from '../../../../generated/onewindow/notification/v1/notification_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { accountSubject } from '../../../platform/privacy/data-subjects.ts';
import { PREFERENCES_STREAM_TYPE, preferencesStreamId } from '../../domain/preferences/preferences-decider.ts';
import type { NotificationApp } from '../notification-app.ts';
import { preferencesView } from '../preferences-view.ts';
import { sealAddresses } from '../seal-preferences.ts';

/** An applicant chooses how they are told (SMS, app push, e-mail); the addresses they give are sealed. */
export async function setNotificationPreferences(app: NotificationApp, request: SetNotificationPreferencesRequest, caller: CallContext): Promise<SetNotificationPreferencesResponse> {
  const subject = caller.caller.subject;
  const streamId = preferencesStreamId(subject);
  const result = await runCommand(app.preferences, { caller, request, now: app.clock.now() }, {
    // Preferences are kept per account: the caller's own, by construction.
    authorize: () => caller.authorize({ owner: subject }),
    async prepare() {
      const loaded = await app.preferences.load(streamId);
      const addresses = await sealAddresses(app.personalData, accountSubject(subject), loaded.state, request);
      return {
        streamId,
        streamType: PREFERENCES_STREAM_TYPE,
        command: { type: 'SetPreferences', preferences: { recipientSubject: subject, channels: request.channels, ...addresses } },
        correlationId: '',
        regionCode: caller.caller.regionCode,
        loaded,
      };
    },
  });
  return { preferences: preferencesView(result.state), consistencyToken: result.consistencyToken };
}
