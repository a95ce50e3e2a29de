import type { SettingsOf } from '../platform/config/load-settings.ts';
import { int, port } from '../platform/config/validators.ts';

/** Supervision's own settings (效能监督, 好差评). */
export const supervisionSettings = {
  OW_SUPERVISION_PORT: port({ default: 50053, desc: 'gRPC port of the supervision service (效能监督); 0 picks a free port.' }),
  OW_SUPERVISION_SWEEP_MS: int(100, 86_400_000)({
    default: 60_000,
    desc: 'How often supervision raises the alerts that fell due and invites ratings for concluded, unrated cases. Each happens once, however often it looks, and after a restart.',
  }),
};

export type SupervisionSettings = SettingsOf<typeof supervisionSettings>;
