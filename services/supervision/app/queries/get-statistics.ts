import type { GetStatisticsRequest, GetStatisticsResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import { ALERTS, type AlertDocument, RATINGS, type RatingDocument, WATCHES, type WatchDocument } from '../projections/supervision-views-projection.ts';
import { computeStatistics } from '../statistics.ts';
import { withDirectoryNames } from './directory-names.ts';
import { regionAsked } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** A region's figures over a period, in total and grouped, rolled up through the levels below it. */
export async function getStatistics(app: SupervisionApp, request: GetStatisticsRequest, caller: CallContext): Promise<GetStatisticsResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const root = regionAsked(caller, request.regionCode);
  const where = { handlingRegionCode: { prefix: subtreePrefix(root) } };
  const [watches, alerts, ratings] = await Promise.all([
    app.readModels.find<WatchDocument>(WATCHES, { where }),
    app.readModels.find<AlertDocument>(ALERTS, { where }),
    app.readModels.find<RatingDocument>(RATINGS, { where }),
  ]);
  const { total, rows } = computeStatistics({ regions: app.regions, root, groupBy: request.groupBy, period: { from: request.from, to: request.to }, facts: { watches, alerts, ratings } });
  return { total, rows: await withDirectoryNames(app, root, request.groupBy, rows) };
}
