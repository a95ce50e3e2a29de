import type { SettingsOf } from '../platform/config/load-settings.ts';
import { str } from 'envalid';
import { int, port } from '../platform/config/validators.ts';

/** Supervision's own settings (效能监督, 好差评). */
export const supervisionSettings = {
  OW_SUPERVISION_PORT: port({ default: 50053, desc: 'gRPC port of the supervision service (效能监督); 0 picks a free port.' }),
  OW_SUPERVISION_SWEEP_MS: int(100, 86_400_000)({
    default: 60_000,
    desc: 'How often supervision raises the alerts that fell due and invites ratings for concluded, unrated cases. Each happens once, however often it looks, and after a restart.',
  }),
  OW_SUPERVISION_METRICS_LEVEL: str({
    choices: ['province', 'city', 'county'] as const,
    default: 'province',
    desc: 'The jurisdictions the open-alerts metric is broken down by (its ow_region label, a region code): province for a national installation, city for a province\'s, county for a city\'s. Counted down the tree only under regions with open alerts: an installation reports the regions it serves, each alert level once per region (0 once its alerts are resolved).',
  }),
};

export type SupervisionSettings = SettingsOf<typeof supervisionSettings>;
