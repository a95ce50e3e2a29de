import { isIP } from 'node:net';
import { type Spec, cleanEnv, makeValidator, str } from 'envalid';
import { DEFAULT_CASE_NUMBER_FORMAT, caseNumberFormatProblem } from '../codes/case-number-format.ts';

/** An integer within bounds; envalid's `num` would accept "2.5" or "1e9" for a count or a timeout. */
const int = (min: number, max: number) =>
  makeValidator<number>((input) => {
    const value = Number(input);
    if (!/^-?\d+$/.test(input.trim()) || value < min || value > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  });

// 0 asks the operating system for a free port (tests run many platforms side by side).
const port = int(0, 65_535);

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const host = makeValidator<string>((input) => {
  if (isIP(input) === 0 && !HOSTNAME.test(input)) throw new Error('must be an IP address or a host name');
  return input;
});

const caseNumberFormat = makeValidator<string>((input) => {
  const problem = caseNumberFormatProblem(input);
  if (problem) throw new Error(problem);
  return input;
});

/** At least 32 bytes, base64: a key that cannot be guessed. */
const secretKey = makeValidator<string>((input) => {
  if (input !== '' && Buffer.from(input, 'base64').length < 32) throw new Error('must be empty or at least 32 bytes in base64');
  return input;
});

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting of a OneWindow process, read from the environment and validated before anything
 * starts. docs/configuration.md is generated from these descriptions (npm run docs:config).
 */
export const configurationSpec = {
  OW_DATA_DIR: str({
    default: './data',
    desc: 'Directory of the embedded stores: one subdirectory per service plus the bus. Back it up as a whole, with the process stopped.',
  }),
  OW_HOST: host({
    default: '127.0.0.1',
    desc: 'Address the gRPC servers listen on. Use 0.0.0.0 to serve other machines (hall counters, kiosks).',
  }),
  OW_ACCEPTANCE_PORT: port({ default: 50051, desc: 'gRPC port of the acceptance service (一窗受理); 0 picks a free port.' }),
  OW_APPROVAL_PORT: port({ default: 50052, desc: 'gRPC port of the approval service (后台审批); 0 picks a free port.' }),
  OW_SUPERVISION_PORT: port({ default: 50053, desc: 'gRPC port of the supervision service (效能监督); 0 picks a free port.' }),
  OW_NOTIFICATION_PORT: port({ default: 50054, desc: 'gRPC port of the notification service; 0 picks a free port.' }),
  OW_LOG_LEVEL: str<(typeof logLevels)[number]>({ choices: logLevels, default: 'info', desc: 'Least severe log level written (JSON lines on stdout).' }),
  OW_AUTH_MODE: str<'development'>({
    choices: ['development'] as const,
    default: 'development',
    desc: 'How callers are authenticated. "development": unsigned development tokens (npm run token), for embedded mode and tests only.',
  }),
  OW_RPC_TIMEOUT_MS: int(100, 600_000)({
    default: 10_000,
    desc: 'Longest time a call may run on the server; a shorter client deadline wins.',
  }),
  OW_CONSISTENCY_WAIT_MS: int(0, 60_000)({
    default: 2_000,
    desc: 'Longest time a query waits for its read model to reach a consistency token before answering UNAVAILABLE.',
  }),
  OW_SHUTDOWN_GRACE_MS: int(0, 600_000)({
    default: 10_000,
    desc: 'On SIGTERM, time allowed for in-flight calls and event handlers to finish before the process stops anyway.',
  }),
  OW_BUS_PARTITIONS: int(1, 256)({
    default: 4,
    desc: 'Partitions per topic of the embedded bus (events of one case always share a partition).',
  }),
  OW_CASE_NUMBER_FORMAT: caseNumberFormat({
    default: DEFAULT_CASE_NUMBER_FORMAT,
    desc: 'Format of case numbers (办件编号): {region} the handling region, {date} YYYYMMDD (China time), {seq:N} the daily sequence in N digits; at most 50 characters.',
  }),
  OW_HOLDER_KEY: secretKey({
    default: '',
    desc: 'Secret (base64, 32 bytes or more) for holder ids, the keyed hashes that link an applicant\'s cases and materials (一号). Empty: embedded mode creates one in OW_DATA_DIR/keys on first start. Never change it once cases exist.',
  }),
  OW_DEEMED_ACCEPTANCE_SWEEP_MS: int(100, 86_400_000)({
    default: 60_000,
    desc: 'How often acceptance looks for cases nobody answered within 5 working days, which then count as accepted on the receipt date (视为受理).',
  }),
  OW_SUPERVISION_SWEEP_MS: int(100, 86_400_000)({
    default: 60_000,
    desc: 'How often supervision raises the alerts that fell due and invites ratings for concluded, unrated cases. Each happens once, however often it looks, and after a restart.',
  }),
  OW_NOTIFICATION_PROVIDER: str<'file' | 'console'>({
    choices: ['file', 'console'] as const,
    default: 'file',
    desc: 'Where the embedded notification provider writes messages: a JSON-lines file in the data directory, or stdout.',
  }),
} satisfies Record<string, Spec<unknown>>;

export type Configuration = ReturnType<typeof loadConfiguration>;

/** Raised for invalid settings; its message names each variable and the rule it breaks. */
export class ConfigurationError extends Error {}

/**
 * Validates the environment. Never echoes a value back: later settings hold secrets (keys,
 * passwords), and an error message may end up in a log.
 */
export function loadConfiguration(environment: NodeJS.ProcessEnv = process.env) {
  return cleanEnv(environment, configurationSpec, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([name, error]) => {
        const spec = configurationSpec[name as keyof typeof configurationSpec] as Spec<unknown>;
        const rule = spec.choices
          ? `must be one of ${spec.choices.join(', ')}`
          : error instanceof Error && error.message.startsWith('must ')
            ? error.message
            : 'is missing or invalid';
        return `  ${name}: ${rule} (${spec.desc ?? ''})`;
      });
      if (problems.length) throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
    },
  });
}
