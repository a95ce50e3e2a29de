import type { ServiceName } from '../../contracts/service-names.ts';
import type { HostedService } from '../hosted-service.ts';

/** Each service as the host builds it, loaded only by the thread or process that runs it. */
export const hostedServiceLoaders: Readonly<Record<ServiceName, () => Promise<HostedService>>> = {
  acceptance: async () => (await import('../acceptance/hosted-acceptance.ts')).hostedAcceptance,
  approval: async () => (await import('../approval/hosted-approval.ts')).hostedApproval,
  supervision: async () => (await import('../supervision/hosted-supervision.ts')).hostedSupervision,
  notification: async () => (await import('../notification/hosted-notification.ts')).hostedNotification,
};
