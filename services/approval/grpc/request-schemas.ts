import { z } from 'zod';
import { pageSizeSchema } from '../../platform/grpc/page-token.ts';

const requestId = z
  .string()
  .min(1, 'is required: a unique id per request, reused when the request is retried')
  .max(128, 'must be at most 128 characters');
const taskId = z.string().regex(/^[0-9A-Za-z-]{1,50}:\d{1,3}:[A-Za-z0-9_-]{1,64}$/, 'must be a task id from an inbox');

export const listTasksSchema = z.object({
  statuses: z
    .array(z.enum(['TASK_STATUS_OPEN', 'TASK_STATUS_CLAIMED', 'TASK_STATUS_DECIDED', 'TASK_STATUS_WITHDRAWN'], { error: 'must be open, claimed, decided or withdrawn' }))
    .max(4),
  pageSize: pageSizeSchema,
});

export const claimTaskSchema = z.object({ requestId, taskId });

export const decideTaskSchema = z.object({
  requestId,
  taskId,
  decision: z.enum(['DECISION_APPROVE', 'DECISION_REJECT'], { error: 'must be approve or reject' }),
  opinion: z.string().max(2000, 'must be at most 2000 characters'),
});

export const getProcessSchema = z.object({
  caseNumber: z.string().regex(/^[0-9A-Za-z-]{1,50}$/, 'must be a case number (at most 50 letters and digits)'),
});
