import type { SettingsOf } from '../platform/config/load-settings.ts';
import { port } from '../platform/config/validators.ts';

/** Approval's own settings (后台审批). */
export const approvalSettings = {
  OW_APPROVAL_PORT: port({ default: 50052, desc: 'gRPC port of the approval service (后台审批); 0 picks a free port.' }),
};

export type ApprovalSettings = SettingsOf<typeof approvalSettings>;
