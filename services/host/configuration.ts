import { makeValidator, str } from 'envalid';
import { acceptanceSettings, acceptanceSettingsProblems } from '../acceptance/settings.ts';
import { approvalSettings } from '../approval/settings.ts';
import { type ServiceName, isServiceName, serviceNames } from '../contracts/service-names.ts';
import { notificationSettings, notificationSettingsProblems } from '../notification/settings.ts';
import { type SettingsOf, loadSettings } from '../platform/config/load-settings.ts';
import { platformSettings, platformSettingsProblems } from '../platform/config/platform-settings.ts';
import { int } from '../platform/config/validators.ts';
import { supervisionSettings } from '../supervision/settings.ts';

export { ConfigurationError } from '../platform/config/load-settings.ts';

/** "all", or some of the four services separated by commas. */
const services = makeValidator<string>((input) => {
  const names = input.split(',').map((name) => name.trim());
  if (input !== 'all' && (names.some((name) => !isServiceName(name)) || new Set(names).size !== names.length)) {
    throw new Error(`must be "all" or service names separated by commas: ${serviceNames.join(', ')}`);
  }
  return input;
});

/** A port number, "off" or "auto" (see OW_WEB_PORT). */
const webPort = makeValidator<string>((input) => {
  if (input === 'off' || input === 'auto' || (/^\d{1,5}$/.test(input) && Number(input) <= 65_535)) return input;
  throw new Error('must be a port number (0 to 65535), "off" or "auto"');
});

/** What the host itself decides: which services a process runs, in how many threads. */
const hostSettings = {
  OW_SERVICES: services({
    default: 'all',
    desc: 'Which services this process runs: "all" (the all-in-one platform), or some of acceptance, approval, supervision, notification (one process per service needs OW_BUS=kafka).',
  }),
  OW_THREADS: int(0, 4)({
    default: 0,
    desc: 'How many threads the all-in-one platform (OW_BUS=embedded) runs its four services in, from 1 to 4; 0: one per core the machine has, at most four. Each thread costs memory (about 150 MiB); fewer threads than cores leave cores idle.',
  }),
  OW_WEB_PORT: webPort({
    default: 'auto',
    desc: 'Port of the browser API (the Connect protocol and gRPC-Web for every service this process runs, and the example page at "/"): a port number (0 picks a free one), "off", or "auto": 8080 in embedded mode (npm start), off with OW_BUS=kafka.',
  }),
  OW_WEB_ORIGINS: str({
    default: '',
    desc: 'Origins whose pages may call the browser API, separated by commas (e.g. https://zwfw.fujian.gov.cn); the API\'s own pages always may. Empty: no other origin.',
  }),
};

/** Every setting of a OneWindow process, by who owns it (docs/configuration.md has one section each). */
export const settingsByOwner = [
  { owner: 'platform', spec: { ...platformSettings, ...hostSettings } },
  { owner: 'acceptance', spec: acceptanceSettings },
  { owner: 'approval', spec: approvalSettings },
  { owner: 'supervision', spec: supervisionSettings },
  { owner: 'notification', spec: notificationSettings },
] as const;

/** Every setting, read from the environment and validated before anything starts. */
export const configurationSpec = { ...platformSettings, ...hostSettings, ...acceptanceSettings, ...approvalSettings, ...supervisionSettings, ...notificationSettings };

export type Configuration = SettingsOf<typeof configurationSpec>;

/** The services a process runs, from OW_SERVICES. */
export function servicesOf(config: { readonly OW_SERVICES: string }): ServiceName[] {
  return config.OW_SERVICES === 'all' ? [...serviceNames] : config.OW_SERVICES.split(',').map((name) => name.trim()).filter(isServiceName);
}

/** Services in separate processes can only meet on Kafka. */
function hostProblems(config: Configuration): string[] {
  return config.OW_BUS === 'embedded' && servicesOf(config).length < serviceNames.length ? ['OW_BUS: must be kafka when OW_SERVICES runs only some of the services'] : [];
}

/**
 * Validates the environment: every setting's own rule, then the rules that tie settings together,
 * the platform's and those of each service the process runs (a service's own, in its settings.ts).
 */
export function loadConfiguration(environment: NodeJS.ProcessEnv = process.env): Configuration {
  const runs = (config: Configuration, service: ServiceName) => servicesOf(config).includes(service);
  return loadSettings(environment, configurationSpec, [
    platformSettingsProblems,
    hostProblems,
    (config) => (runs(config, 'acceptance') ? acceptanceSettingsProblems(config) : []),
    (config) => (runs(config, 'notification') ? notificationSettingsProblems(config) : []),
  ]);
}
