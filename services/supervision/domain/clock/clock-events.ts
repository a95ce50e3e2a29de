import type { SupervisionPayload } from '../../../platform/messaging/topics.ts';

export const clockEventTypes = ['caseClockStarted', 'caseClockStopped', 'caseClockDeadlinesUpdated'] as const;

/** The events of a case clock stream ("clock-<case number>"). */
export type ClockEvent = Extract<SupervisionPayload, { $case: (typeof clockEventTypes)[number] }>;

export const clockStreamId = (caseNumber: string) => `clock-${caseNumber}`;
export const CLOCK_STREAM_TYPE = 'case-clock';
