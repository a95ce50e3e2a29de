import type { ApprovalEvent } from '../../../generated/onewindow/approval/v1/events.ts';

/** Every event approval records: the payloads of its own contract (proto/onewindow/approval/v1/events.proto). */
export type ApprovalPayload = NonNullable<ApprovalEvent['payload']>;
