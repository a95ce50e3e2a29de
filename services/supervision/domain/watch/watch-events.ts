import type { SupervisionPayload } from '../../../platform/messaging/topics.ts';

export const watchEventTypes = [
  'caseReceived',
  'caseClosedUnaccepted',
  'caseClockStarted',
  'caseClockDeadlinesUpdated',
  'caseClockPaused',
  'caseClockResumed',
  'caseAlertsScheduled',
  'caseAlertRaised',
  'caseAlertsResolved',
  'caseClockStopped',
] as const;

/** The events of a case watch stream ("watch-<case number>"). */
export type WatchEvent = Extract<SupervisionPayload, { $case: (typeof watchEventTypes)[number] }>;

export const watchStreamId = (caseNumber: string) => `watch-${caseNumber}`;
export const WATCH_STREAM_TYPE = 'case-watch';

export const alertIdOf = (caseNumber: string, kind: string, level: string) => `${caseNumber}:${kind}:${level}`;
