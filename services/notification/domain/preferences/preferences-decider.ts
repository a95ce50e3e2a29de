import type { NotificationPreferencesSet } from '../../../../generated/onewindow/notification/v1/events.ts';
import type { Decider } from '../../../platform/domain/decider.ts';
import type { NotificationEvent } from '../notification/notification-events.ts';

export interface SetPreferences {
  readonly type: 'SetPreferences';
  readonly preferences: NotificationPreferencesSet;
}

/** An applicant's current choice; undefined until they make one (then SMS to the given phone). */
export type PreferencesState = NotificationPreferencesSet | undefined;

export const preferencesStreamId = (subject: string) => `preferences-${subject}`;
export const PREFERENCES_STREAM_TYPE = 'notification-preferences';

const same = (a: NotificationPreferencesSet, b: NotificationPreferencesSet) =>
  a.email === b.email && a.pushToken === b.pushToken && a.channels.length === b.channels.length && a.channels.every((channel) => b.channels.includes(channel));

/** How one applicant wants to be told. Setting what is already set records nothing. */
export const preferencesDecider: Decider<SetPreferences, NotificationEvent, PreferencesState> = {
  initialState: () => undefined,
  // Only preference events are written to a preference stream.
  evolve: (state, event) => (event.$case === 'notificationPreferencesSet' ? event.value : state),
  decide: (command, state) => (state && same(state, command.preferences) ? [] : [{ $case: 'notificationPreferencesSet', value: command.preferences }]),
};
