import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { PersonalDataVault } from '../../platform/privacy/personal-data-vault.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { NotificationCommand, NotificationState } from '../domain/notification/notification-decider.ts';
import type { NotificationEvent } from '../domain/notification/notification-events.ts';
import type { PreferencesState, SetPreferences } from '../domain/preferences/preferences-decider.ts';

/** What notification's use cases (commands/, queries/) work with. */
export interface NotificationApp {
  readonly notifications: CommandHandler<NotificationCommand, NotificationEvent, NotificationState>;
  readonly preferences: CommandHandler<SetPreferences, NotificationEvent, PreferencesState>;
  readonly readModels: ReadModelReader;
  /** The notifications view (projections/notifications-projection.ts). */
  readonly view: ReadModelWaiter;
  readonly clock: Clock;
  /** Longest wait of a query for its consistency token (OW_CONSISTENCY_WAIT_MS). */
  readonly consistencyWaitMs: number;
  /** Seals the addresses an applicant gives under their account's key. */
  readonly personalData: PersonalDataVault;
}
