import type { GetProcessRequest, GetProcessResponse } from '../../../../generated/onewindow/approval/v1/approval_service.ts';
import { Process } from '../../../../generated/onewindow/approval/v1/process.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import type { ApprovalApp } from '../approval-app.ts';
import { PROCESSES, type ProcessDocument } from '../projections/approval-views-projection.ts';
import { processAsOfToday } from './as-of-today.ts';

/** A case's approval process, as of today: for staff of the case's or any of its tasks' regions. */
export async function getProcess(app: ApprovalApp, request: GetProcessRequest, caller: CallContext): Promise<GetProcessResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const document = await app.readModels.get<ProcessDocument>(PROCESSES, request.caseNumber);
  if (!document) throw new NotFoundError(`case ${request.caseNumber} has no approval process`);
  const process = Process.fromJSON(document.process);
  caller.authorize({ regions: [document.handlingRegionCode, ...process.tasks.map((t) => t.regionCode)] });
  return { process: processAsOfToday(app.calendars, process, document.handlingRegionCode, document.suspendedOn, app.clock.now()) };
}
