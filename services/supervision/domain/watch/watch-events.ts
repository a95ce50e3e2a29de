import type { SupervisionPayload } from '../supervision-payload.ts';

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
  'caseVisited',
  'caseResultDelivered',
] as const;

/** The events of a case watch stream ("watch-<case number>"). */
export type WatchEvent = Extract<SupervisionPayload, { $case: (typeof watchEventTypes)[number] }>;

export const watchStreamId = (caseNumber: string) => `watch-${caseNumber}`;
export const WATCH_STREAM_TYPE = 'case-watch';

/** One alert per case, limit, level and deadline: a deadline that moves gets its alerts anew. */
export const alertIdOf = (caseNumber: string, kind: string, level: string, deadline: string) => `${caseNumber}:${kind}:${level}:${deadline}`;

/** One visit per hall and day: what a rating on site (一次一评) rates. */
export const visitIdOf = (hallId: string, day: string) => `${hallId}-${day}`;
