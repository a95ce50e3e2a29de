import { createApprovalService } from '../../approval/approval-service.ts';
import type { HostedService } from '../hosted-service.ts';

/** Approval as the host builds it: nothing of its own beyond what every service gets. */
export const hostedApproval: HostedService = {
  name: 'approval',
  port: (config) => config.OW_APPROVAL_PORT,
  create: async (deps) => createApprovalService(deps),
};
