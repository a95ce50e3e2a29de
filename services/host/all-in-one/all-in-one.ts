import type { ServiceName } from '../../contracts/service-names.ts';
import type { ServiceDependencies, ServiceModule } from '../../platform/service/service-module.ts';
import { hostedAcceptance } from '../acceptance/hosted-acceptance.ts';
import { hostedApproval } from '../approval/hosted-approval.ts';
import { servicesOf } from '../configuration.ts';
import type { HostedService } from '../hosted-service.ts';
import { hostedNotification } from '../notification/hosted-notification.ts';
import { type Platform, type StartOptions, startPlatform } from '../start-platform.ts';
import { hostedSupervision } from '../supervision/hosted-supervision.ts';

/** The four services, as the all-in-one entry point hosts them. */
export const allServices: readonly HostedService[] = [hostedAcceptance, hostedApproval, hostedSupervision, hostedNotification];

/** The all-in-one platform: every service in the process. */
export interface AllInOne extends Platform {
  readonly modules: Readonly<Record<ServiceName, ServiceModule>>;
  readonly dependencies: Readonly<Record<ServiceName, ServiceDependencies>>;
}

/** The whole platform in one process (`npm start`, the tests). */
export async function startAllInOne(options: StartOptions): Promise<AllInOne> {
  if (servicesOf(options.config).length !== allServices.length) throw new Error('the all-in-one platform runs every service: OW_SERVICES must be "all"');
  return (await startPlatform(options, allServices)) as AllInOne;
}
