import { describe, expect, it } from 'vitest';
import type { NotificationPreferencesSet } from '../../../../generated/onewindow/notification/v1/events.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { applicantChannels } from './applicant-channels.ts';
import { preferencesDecider } from './preferences-decider.ts';

const emailAndPush: NotificationPreferencesSet = {
  recipientSubject: 'applicant-zhang',
  channels: ['DELIVERY_CHANNEL_EMAIL', 'DELIVERY_CHANNEL_APP_PUSH'],
  email: 'zhang@example.com',
  pushToken: 'device-1',
};

describe('notification preferences', () => {
  it('are recorded when they change, and not when set again unchanged', () => {
    const spec = deciderSpec(preferencesDecider);
    const set = { $case: 'notificationPreferencesSet', value: emailAndPush } as const;
    spec.given([]).when({ type: 'SetPreferences', preferences: emailAndPush }).then([set]);
    spec.given([set]).when({ type: 'SetPreferences', preferences: { ...emailAndPush, channels: ['DELIVERY_CHANNEL_APP_PUSH', 'DELIVERY_CHANNEL_EMAIL'] } }).then([]);
    spec.given([set]).when({ type: 'SetPreferences', preferences: { ...emailAndPush, channels: ['DELIVERY_CHANNEL_SMS'] } }).thenState((state) => expect(state?.channels).toEqual(['DELIVERY_CHANNEL_SMS']));
  });

  it('route an applicant\'s messages: SMS to the given phone by default, else each chosen channel', () => {
    expect(applicantChannels(undefined, '13800138000')).toEqual([{ channel: 'DELIVERY_CHANNEL_SMS', address: '13800138000' }]);
    expect(applicantChannels(emailAndPush, '13800138000')).toEqual([
      { channel: 'DELIVERY_CHANNEL_EMAIL', address: 'zhang@example.com' },
      { channel: 'DELIVERY_CHANNEL_APP_PUSH', address: 'device-1' },
    ]);
    // No phone given: no SMS rather than one to nowhere.
    expect(applicantChannels(undefined, '')).toEqual([]);
  });
});
