import type { GetStatisticsRequest, GetStatisticsResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readStatistics } from '../statistics/read-statistics.ts';
import { withDirectoryNames } from './directory-names.ts';
import { regionAsked } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** A region's figures over a period, in total and grouped, from the roll-ups kept for it (statistics/statistics-cells.ts). */
export async function getStatistics(app: SupervisionApp, request: GetStatisticsRequest, caller: CallContext): Promise<GetStatisticsResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const root = regionAsked(caller, request.regionCode);
  const { total, rows } = await readStatistics(app.readModels, app.regions, { root, groupBy: request.groupBy, period: { from: request.from, to: request.to } });
  return { total, rows: await withDirectoryNames(app, root, request.groupBy, rows) };
}
