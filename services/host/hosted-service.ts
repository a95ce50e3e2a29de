import type { ServiceName } from '../contracts/service-names.ts';
import type { ServiceDependencies, ServiceModule } from '../platform/service/service-module.ts';
import type { Configuration } from './configuration.ts';

/** How the host builds one service from the configuration: its port, and its module. */
export interface HostedService {
  readonly name: ServiceName;
  port(config: Configuration): number;
  /**
   * Builds the service from what every service gets plus what it needs of its own (a counter
   * store, providers...); `onClose` registers what must be closed when the platform stops.
   */
  create(deps: ServiceDependencies, config: Configuration, onClose: (close: () => Promise<void>) => void): Promise<ServiceModule>;
}
