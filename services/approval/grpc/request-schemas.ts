import { z } from 'zod';
import { REGION_CODE_RULE, isRegionCode } from '../../platform/codes/region-code.ts';
import { pageSizeSchema, pageTokenSchema } from '../../platform/grpc/page-token.ts';
import { text } from '../../platform/grpc/request-fields.ts';
import { consistencyTokenSchema as consistencyToken } from '../../platform/projection/consistency-token.ts';

/** Field rules of approval's requests. Messages state the rule, never the value given. */

const requestId = z
  .string()
  .min(1, 'is required: a unique id per request, reused when the request is retried')
  .max(128, 'must be at most 128 characters');
const taskId = z.string().regex(/^[0-9A-Za-z-]{1,50}:\d{1,3}:[A-Za-z0-9_-]{1,64}$/, 'must be a task id from an inbox');
const accountId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'must be an account id (letters, digits and ._:@-)');
const code = z.string().regex(/^[0-9A-Za-z_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _.:-');

export const listTasksSchema = z.object({
  statuses: z
    .array(
      z.enum(['TASK_STATUS_OPEN', 'TASK_STATUS_CLAIMED', 'TASK_STATUS_DECIDED', 'TASK_STATUS_WITHDRAWN', 'TASK_STATUS_RETURNED'], {
        error: 'must be open, claimed, decided, withdrawn or returned',
      }),
    )
    .max(5, 'must list each of the 5 task states at most once'),
  pageSize: pageSizeSchema,
  pageToken: pageTokenSchema,
  consistencyToken,
  regionCode: z.string().refine((value) => value === '' || isRegionCode(value), REGION_CODE_RULE),
  department: z.string().regex(/^[A-Za-z0-9_-]{0,64}$/, 'must be a department code'),
});

export const claimTaskSchema = z.object({ requestId, taskId });
export const releaseTaskSchema = z.object({ requestId, taskId });
export const reassignTaskSchema = z.object({ requestId, taskId, assignee: accountId, reason: text(500) });

export const decideTaskSchema = z.object({
  requestId,
  taskId,
  decision: z.enum(['DECISION_APPROVE', 'DECISION_REJECT', 'DECISION_RETURN'], { error: 'must be approve, reject or return' }),
  opinion: text(2000),
  materialCodes: z.array(code).max(50, 'must list at most 50 materials'),
});

export const suspendClockSchema = z.object({
  requestId,
  taskId,
  kind: z.enum(
    [
      'SUSPENSION_KIND_HEARING',
      'SUSPENSION_KIND_TENDERING',
      'SUSPENSION_KIND_INSPECTION',
      'SUSPENSION_KIND_TESTING',
      'SUSPENSION_KIND_QUARANTINE',
      'SUSPENSION_KIND_APPRAISAL',
      'SUSPENSION_KIND_EXPERT_REVIEW',
      'SUSPENSION_KIND_PUBLIC_NOTICE',
    ],
    { error: 'must be a special procedure: hearing, tendering, inspection, testing, quarantine, appraisal, expert review or public notice (a supplement is a return)' },
  ),
  reason: text(1000),
  legalBasis: text(500),
  expectedWorkingDays: z.number().int().min(1, 'must be at least 1: the applicant is told how long it takes').max(250, 'must be at most 250'),
});

export const resumeClockSchema = z.object({ requestId, taskId, result: text(1000) });
export const extendDeadlineSchema = z.object({ requestId, taskId, reason: text(1000), approvedBy: z.union([z.literal(''), accountId]) });

export const getProcessSchema = z.object({
  caseNumber: z.string().regex(/^[0-9A-Za-z-]{1,50}$/, 'must be a case number (at most 50 letters and digits)'),
  consistencyToken,
});
