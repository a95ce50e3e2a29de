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

/** "service=host:port" pairs separated by commas (see OW_CONSOLE_ENDPOINTS). */
const serviceEndpoints = makeValidator<string>((input) => {
  const pairs = input.split(',').map((pair) => pair.trim()).filter(Boolean);
  for (const pair of pairs) {
    const [name, address] = pair.split('=');
    if (!name || !isServiceName(name) || !address || !/^[^\s:]+:\d{1,5}$/.test(address)) {
      throw new Error(`must be service=host:port pairs separated by commas (services: ${serviceNames.join(', ')})`);
    }
  }
  return input;
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
  OW_CONSOLE_PORT: webPort({
    default: 'auto',
    desc: 'Port of the supervisor console (web/console: alerts, statistics, cases, 督办), with the browser API it calls: a port number (0 picks a free one), "off", or "auto": 8081 in embedded mode (npm start), off with OW_BUS=kafka.',
  }),
  OW_CONSOLE_ENDPOINTS: serviceEndpoints({
    default: '',
    desc: 'Where the console reaches the services this process does not run (the four-process and Kubernetes modes), as service=host:port pairs separated by commas, e.g. acceptance=acceptance:50051. The console needs acceptance and supervision.',
  }),
  OW_CONSOLE_TRACE_URL: str({
    default: '',
    desc: 'The trace viewer a case page links each step to, with {traceId} in place of the trace id, e.g. http://localhost:16686/trace/{traceId} (Jaeger) or a Grafana Tempo explore URL. Empty: trace ids shown without links.',
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

/** The ports "auto" means in embedded mode (npm start): the browser API's and the console's. */
export const WEB_AUTO_PORT = 8080;
export const CONSOLE_AUTO_PORT = 8081;

/** A browser port setting (OW_WEB_PORT, OW_CONSOLE_PORT) as a port, or undefined when off ("auto" is on in embedded mode only). */
export function browserPortOf(setting: string, bus: string, autoPort: number): number | undefined {
  if (setting === 'off') return undefined;
  if (setting === 'auto') return bus === 'embedded' ? autoPort : undefined;
  return Number(setting);
}

/** The gRPC address of each service OW_CONSOLE_ENDPOINTS names. */
export function consoleEndpointsOf(config: Pick<Configuration, 'OW_CONSOLE_ENDPOINTS'>): Partial<Record<ServiceName, string>> {
  const pairs = config.OW_CONSOLE_ENDPOINTS.split(',').map((pair) => pair.trim()).filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => pair.split('=') as [ServiceName, string]));
}

/** The services the console's pages call: a case's history is acceptance's, the rest supervision's. */
const CONSOLE_NEEDS: readonly ServiceName[] = ['acceptance', 'supervision'];

/** Services in separate processes can only meet on Kafka; a console needs the services it calls. */
function hostProblems(config: Configuration): string[] {
  const problems = config.OW_BUS === 'embedded' && servicesOf(config).length < serviceNames.length ? ['OW_BUS: must be kafka when OW_SERVICES runs only some of the services'] : [];
  const consoleOn = browserPortOf(config.OW_CONSOLE_PORT, config.OW_BUS, CONSOLE_AUTO_PORT) !== undefined;
  const reachable = new Set([...servicesOf(config), ...Object.keys(consoleEndpointsOf(config))]);
  const missing = CONSOLE_NEEDS.filter((service) => !reachable.has(service));
  if (!consoleOn || missing.length === 0) return problems;
  const example = missing.map((service) => `${service}=${service}:${configurationSpec[`OW_${service.toUpperCase()}_PORT` as 'OW_ACCEPTANCE_PORT'].default}`).join(',');
  return [...problems, `OW_CONSOLE_ENDPOINTS: the console calls ${missing.join(' and ')}, which this process does not run: name where they are (e.g. ${example})`];
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
