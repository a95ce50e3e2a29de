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
import { importMapOf, packageDirectory } from '../platform/web/import-map.ts';
import { type WebGateway, startWebGateway } from '../platform/web/web-gateway.ts';
import type { Configuration } from './configuration.ts';

/** The services each of ours serves to browsers (grpc.health.v1 and reflection stay gRPC-only). */
const browserServices: Readonly<Record<ServiceName, readonly DescService[]>> = {
  acceptance: [AcceptanceService, AdministrationService],
  approval: [ApprovalService],
  supervision: [SupervisionService],
  notification: [NotificationService],
};

/** What the example page imports, served as installed: the generated messages and the Connect client. */
const BROWSER_PACKAGES = ['@bufbuild/protobuf', '@connectrpc/connect', '@connectrpc/connect-web'] as const;
const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The port of the browser API (OW_WEB_PORT): "auto" serves it on 8080 in embedded mode only. */
export function webPortOf(config: Pick<Configuration, 'OW_WEB_PORT' | 'OW_BUS'>): number | undefined {
  if (config.OW_WEB_PORT === 'off') return undefined;
  if (config.OW_WEB_PORT === 'auto') return config.OW_BUS === 'embedded' ? 8080 : undefined;
  return Number(config.OW_WEB_PORT);
}

/**
 * The browser API of the services this process runs (platform/web/web-gateway.ts), with the example
 * page of web/example at "/" and what it loads; undefined when OW_WEB_PORT turns it off.
 */
export async function startWebEndpoint(
  config: Configuration,
  endpoints: Readonly<Partial<Record<ServiceName, string>>>,
  logger: Logger,
  port = webPortOf(config),
): Promise<WebGateway | undefined> {
  if (port === undefined) return undefined;
  const services = Object.entries(endpoints).flatMap(([name, endpoint]) => browserServices[name as ServiceName].map((descriptor) => ({ descriptor, endpoint: endpoint! })));
  const importMap = JSON.stringify(importMapOf(BROWSER_PACKAGES, '/modules'));
  // Read once, at start: the page is served on every visit.
  const index = readFileSync(root('web/example/index.html'), 'utf8').replace('<!-- import map -->', `<script type="importmap">${importMap}</script>`);
  return startWebGateway({
    host: config.OW_HOST,
    port,
    maxRequestBytes: config.OW_GRPC_MAX_REQUEST_BYTES,
    allowedOrigins: config.OW_WEB_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    services,
    credentials: clientCredentials(config),
    files: [
      { prefix: '/example', directory: root('web/example') },
      { prefix: '/es', directory: root('generated/es') },
      ...BROWSER_PACKAGES.map((name) => ({ prefix: `/modules/${name}`, directory: packageDirectory(name) })),
    ],
    index,
    logger,
  });
}

/** The start-up banner's line for the browser API, if it is on. */
export const webBanner = (web: WebGateway | undefined): string => (web ? `Browsers: ${web.url} (the Connect protocol and gRPC-Web; an example page at /)\n` : '');
