import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DescService } from '@bufbuild/protobuf';
import { AcceptanceService } from '../../generated/es/onewindow/acceptance/v1/acceptance_service_pb.js';
import { AdministrationService } from '../../generated/es/onewindow/acceptance/v1/administration_service_pb.js';
import { ApprovalService } from '../../generated/es/onewindow/approval/v1/approval_service_pb.js';
import { NotificationService } from '../../generated/es/onewindow/notification/v1/notification_service_pb.js';
import { SupervisionService } from '../../generated/es/onewindow/supervision/v1/supervision_service_pb.js';
import type { ServiceName } from '../contracts/service-names.ts';
import { clientCredentials } from '../platform/grpc/tls-credentials.ts';
import type { Logger } from '../platform/logging/logger.ts';
import { contentSecurityPolicy } from '../platform/web/content-security-policy.ts';
import { importMapOf, packageDirectory } from '../platform/web/import-map.ts';
import { type WebGateway, startWebGateway } from '../platform/web/web-gateway.ts';
import { CONSOLE_AUTO_PORT, type Configuration, WEB_AUTO_PORT, browserPortOf, consoleEndpointsOf } from './configuration.ts';

/** The services each of ours serves to browsers (grpc.health.v1 and reflection stay gRPC-only). */
const browserServices: Readonly<Record<ServiceName, readonly DescService[]>> = {
  acceptance: [AcceptanceService, AdministrationService],
  approval: [ApprovalService],
  supervision: [SupervisionService],
  notification: [NotificationService],
};

/** What the pages import, served as installed: the generated messages and the Connect client. */
const BROWSER_PACKAGES = ['@bufbuild/protobuf', '@connectrpc/connect', '@connectrpc/connect-web'] as const;
const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

type Endpoints = Readonly<Partial<Record<ServiceName, string>>>;

/** The port of the browser API (OW_WEB_PORT): "auto" serves it on 8080 in embedded mode only. */
export const webPortOf = (config: Pick<Configuration, 'OW_WEB_PORT' | 'OW_BUS'>): number | undefined => browserPortOf(config.OW_WEB_PORT, config.OW_BUS, WEB_AUTO_PORT);

/** The port of the supervisor console (OW_CONSOLE_PORT): "auto" serves it on 8081 in embedded mode only. */
export const consolePortOf = (config: Pick<Configuration, 'OW_CONSOLE_PORT' | 'OW_BUS'>): number | undefined =>
  browserPortOf(config.OW_CONSOLE_PORT, config.OW_BUS, CONSOLE_AUTO_PORT);

/** A page of web/<folder>/index.html with the import map (and any settings) put in, read once at start: it is served on every visit. */
function pageOf(folder: string, settings?: Record<string, string>): string {
  const importMap = JSON.stringify(importMapOf(BROWSER_PACKAGES, '/modules'));
  // "<" escaped: a setting's value cannot end the script element.
  const settingsScript = settings ? `<script type="application/json" id="settings">${JSON.stringify(settings).replaceAll('<', '\\u003c')}</script>` : '';
  return readFileSync(root(`web/${folder}/index.html`), 'utf8').replace('<!-- import map -->', `<script type="importmap">${importMap}</script>${settingsScript}`);
}

/** What a page gateway serves: its page (web/<folder>/index.html, at "/"), the APIs it carries, and the other origins that may call them. */
interface PageSite {
  readonly folder: string;
  readonly index: string;
  readonly services: readonly DescService[];
  readonly allowedOrigins: readonly string[];
}

/** The browser API of the site's services, where `endpoints` has them, with its page at "/" and its files under `/${folder}`. */
function startPageGateway(config: Configuration, endpoints: Endpoints, logger: Logger, port: number, site: PageSite): Promise<WebGateway> {
  const { folder, index } = site;
  const services = Object.entries(endpoints).flatMap(([name, endpoint]) =>
    browserServices[name as ServiceName].filter((descriptor) => site.services.includes(descriptor)).map((descriptor) => ({ descriptor, endpoint: endpoint! })),
  );
  return startWebGateway({
    host: config.OW_HOST,
    port,
    maxRequestBytes: config.OW_GRPC_MAX_REQUEST_BYTES,
    allowedOrigins: site.allowedOrigins,
    services,
    credentials: clientCredentials(config),
    files: [
      { prefix: `/${folder}`, directory: root(`web/${folder}`) },
      { prefix: '/es', directory: root('generated/es') },
      ...BROWSER_PACKAGES.map((name) => ({ prefix: `/modules/${name}`, directory: packageDirectory(name) })),
    ],
    index,
    indexHeaders: { 'content-security-policy': contentSecurityPolicy(index), 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' },
    logger,
  });
}

/**
 * The browser API of the services this process runs (platform/web/web-gateway.ts), with the example
 * page of web/example at "/" and what it loads; undefined when OW_WEB_PORT turns it off.
 */
export async function startWebEndpoint(config: Configuration, endpoints: Endpoints, logger: Logger, port = webPortOf(config)): Promise<WebGateway | undefined> {
  if (port === undefined) return undefined;
  const allowedOrigins = config.OW_WEB_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  return startPageGateway(config, endpoints, logger, port, { folder: 'example', index: pageOf('example'), services: Object.values(browserServices).flat(), allowedOrigins });
}

/** What the console calls: a case's history (acceptance) and everything supervision answers. */
const CONSOLE_SERVICES = [AcceptanceService, SupervisionService];

/**
 * The supervisor console (web/console) on its own port, with the two APIs it calls (from this
 * process, or where OW_CONSOLE_ENDPOINTS says), for its own page only (no other origin); undefined
 * when OW_CONSOLE_PORT turns it off. Its own port, so that a province can keep it to the office network.
 */
export async function startConsoleEndpoint(config: Configuration, endpoints: Endpoints, logger: Logger, port = consolePortOf(config)): Promise<WebGateway | undefined> {
  if (port === undefined) return undefined;
  const index = pageOf('console', { traceUrl: config.OW_CONSOLE_TRACE_URL });
  return startPageGateway(config, { ...consoleEndpointsOf(config), ...endpoints }, logger, port, { folder: 'console', index, services: CONSOLE_SERVICES, allowedOrigins: [] });
}

/** The browser pages a process serves (the example page and the console), as one thing to start, announce and stop. */
export interface BrowserEndpoints {
  /** The start-up banner's lines, empty when both are off. */
  readonly banner: string;
  stop(): Promise<void>;
}

export async function startBrowserEndpoints(config: Configuration, endpoints: Endpoints, logger: Logger): Promise<BrowserEndpoints> {
  const web = await startWebEndpoint(config, endpoints, logger);
  const console = await startConsoleEndpoint(config, endpoints, logger).catch(async (error: unknown) => {
    await web?.stop();
    throw error;
  });
  return {
    banner:
      (web ? `Browsers: ${web.url} (the Connect protocol and gRPC-Web; an example page at /)\n` : '') +
      (console ? `Supervisor console: ${console.url} (sign in with a supervisor's token: npm run token -- --sub <account> --role supervisor --region <code>)\n` : ''),
    stop: async () => {
      await console?.stop();
      await web?.stop();
    },
  };
}
