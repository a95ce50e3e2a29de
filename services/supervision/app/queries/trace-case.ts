import type { TraceCaseRequest, TraceCaseResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { TraceEntry } from '../../../../generated/onewindow/supervision/v1/trace.ts';
import type { ClockStatus } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import { ratingEventTypes } from '../../domain/rating/rating-events.ts';
import { TRACE_ENTRIES, type TraceDocument } from '../projections/case-trace-projection.ts';
import { WATCHES, type WatchDocument } from '../projections/supervision-documents.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** Events whose actor is the rater: staff never see who rated. */
const RATER_EVENTS = new Set<string>(ratingEventTypes);

/** "Trace this case": every step of a case across the four services, in order, with the clock after each; for staff of its region and department. */
export async function traceCase(app: SupervisionApp, request: TraceCaseRequest, caller: CallContext): Promise<TraceCaseResponse> {
  await awaitConsistency(app.trace, request.consistencyToken, caller, app.consistencyWaitMs);
  const watch = await app.readModels.get<WatchDocument>(WATCHES, request.caseNumber);
  if (!watch) throw new NotFoundError(`case ${request.caseNumber} is not known to supervision`);
  caller.authorize({ regions: [watch.handlingRegionCode], department: watch.handlingDepartment });
  const documents = await app.readModels.find<TraceDocument>(TRACE_ENTRIES, {
    where: { caseNumber: request.caseNumber },
    orderBy: [['occurredAt', 'asc'], ['streamId', 'asc'], ['streamVersion', 'asc']],
  });
  // The clock's state after each step, walking the case's events in order.
  let clock: ClockStatus = 'CLOCK_STATUS_UNSPECIFIED';
  const entries = documents.map((d) => {
    if (d.clockAfter !== 'CLOCK_STATUS_UNSPECIFIED') clock = d.clockAfter;
    const entry = TraceEntry.fromJSON(d.entry);
    const actor = entry.actor && RATER_EVENTS.has(entry.eventType) && entry.actor.role === 'ROLE_APPLICANT' ? { ...entry.actor, subject: '' } : entry.actor;
    return { ...entry, actor, clockStatus: clock };
  });
  return { entries };
}
