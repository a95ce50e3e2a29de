/**
 * The short versions run in `npm test` (test/reliability/); the long ones by
 * `npm run reliability -- <crash|fuzz|load> --long`. Both call the same functions.
 */
export const presets = {
  load: {
    short: { clients: 8, durationMs: 15_000 },
    long: { clients: 16, durationMs: 120_000 },
  },
  crash: {
    short: { clients: 6, durationMs: 20_000, kills: 3, startupKillChance: 0 },
    long: { clients: 8, durationMs: 160_000, kills: 20, startupKillChance: 0.2 },
  },
  replicated: {
    short: { replicas: 2, clients: 4, durationMs: 25_000, kills: 3 },
    long: { replicas: 3, clients: 8, durationMs: 150_000, kills: 12 },
  },
  fuzz: {
    short: { requests: 10_000 },
    long: { requests: 100_000 },
  },
} as const;

/** The tests' fixed seeds (OW_SEED overrides them), so that `npm test` does the same every time. */
export const testSeeds = { load: 1001, crash: 2002, fuzz: 3003, replicated: 4004 } as const;
