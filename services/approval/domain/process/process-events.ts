import type { ApprovalPayload } from '../approval-payload.ts';

/** The events of a process stream ("process-<case number>"): all of approval's events. */
export type ProcessEvent = ApprovalPayload;

export const processEventTypes = [
  'processStarted', 'taskOpened', 'taskClaimed', 'taskReleased', 'taskReassigned', 'taskDecided', 'taskWithdrawn',
  'clockSuspended', 'clockResumed', 'deadlineExtended', 'processDeadlinesRecomputed', 'processConcluded', 'processWithdrawn',
] as const;

export const processStreamId = (caseNumber: string) => `process-${caseNumber}`;
export const PROCESS_STREAM_TYPE = 'approval-process';

/** Task ids name their case, stage and step, so a task's stream is known from its id alone. */
export function taskIdOf(caseNumber: string, stageIndex: number, stepId: string): string {
  return `${caseNumber}:${stageIndex}:${stepId}`;
}

export function caseNumberOfTask(taskId: string): string | undefined {
  const [caseNumber, stage, step] = taskId.split(':');
  return caseNumber && stage && step ? caseNumber : undefined;
}
