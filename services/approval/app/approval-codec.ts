import { ApprovalEvent } from '../../../generated/onewindow/approval/v1/events.ts';
import { createEventCodec, streamCodec } from '../../platform/events/event-codec.ts';
import { processEventTypes } from '../domain/process/process-events.ts';

export const approvalCodec = createEventCodec(ApprovalEvent);
export const processCodec = streamCodec(approvalCodec, processEventTypes);
