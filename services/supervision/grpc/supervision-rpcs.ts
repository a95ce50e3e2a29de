import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { appealRating } from '../app/commands/appeal-rating.ts';
import { closeOrder } from '../app/commands/close-order.ts';
import { issueOrder } from '../app/commands/issue-order.ts';
import { replyOrder } from '../app/commands/reply-order.ts';
import { reportRectification } from '../app/commands/report-rectification.ts';
import { reviewAppeal } from '../app/commands/review-appeal.ts';
import { scoreResponse } from '../app/commands/score-response.ts';
import { setSupervisionPolicy } from '../app/commands/set-supervision-policy.ts';
import { submitRating } from '../app/commands/submit-rating.ts';
import { verifyBadRating } from '../app/commands/verify-bad-rating.ts';
import { getCaseClock } from '../app/queries/get-case-clock.ts';
import { getStatistics } from '../app/queries/get-statistics.ts';
import { getSupervisionPolicy } from '../app/queries/get-supervision-policy.ts';
import { listAlerts } from '../app/queries/list-alerts.ts';
import { listCaseRatings } from '../app/queries/list-case-ratings.ts';
import { listOrders } from '../app/queries/list-orders.ts';
import { listRatings } from '../app/queries/list-ratings.ts';
import { traceCase } from '../app/queries/trace-case.ts';
import type { SupervisionApp } from '../app/supervision-app.ts';
import {
  appealRatingSchema,
  closeOrderSchema,
  getCaseClockSchema,
  getStatisticsSchema,
  getSupervisionPolicySchema,
  issueOrderSchema,
  listAlertsSchema,
  listCaseRatingsSchema,
  listOrdersSchema,
  listRatingsSchema,
  replyOrderSchema,
  reportRectificationSchema,
  reviewAppealSchema,
  scoreResponseSchema,
  setSupervisionPolicySchema,
  submitRatingSchema,
  traceCaseSchema,
  verifyBadRatingSchema,
} from './request-schemas.ts';

/**
 * Supervision's service (效能监督 + 好差评): each RPC validated by its schema and mapped to its use
 * case in app/. Who may call what, where: services/contracts/access-policy.ts.
 */
export function supervisionRpcs(app: SupervisionApp): ServiceImplementation<typeof SupervisionServiceService> {
  return {
    getCaseClock: { schema: getCaseClockSchema, handle: (request, caller) => getCaseClock(app, request, caller) },
    listAlerts: { schema: listAlertsSchema, handle: (request, caller) => listAlerts(app, request, caller) },
    issueOrder: { schema: issueOrderSchema, handle: (request, caller) => issueOrder(app, request, caller) },
    replyOrder: { schema: replyOrderSchema, handle: (request, caller) => replyOrder(app, request, caller) },
    closeOrder: { schema: closeOrderSchema, handle: (request, caller) => closeOrder(app, request, caller) },
    listOrders: { schema: listOrdersSchema, handle: (request, caller) => listOrders(app, request, caller) },
    submitRating: { schema: submitRatingSchema, handle: (request, caller) => submitRating(app, request, caller) },
    listCaseRatings: { schema: listCaseRatingsSchema, handle: (request, caller) => listCaseRatings(app, request, caller) },
    listRatings: { schema: listRatingsSchema, handle: (request, caller) => listRatings(app, request, caller) },
    verifyBadRating: { schema: verifyBadRatingSchema, handle: (request, caller) => verifyBadRating(app, request, caller) },
    reportRectification: { schema: reportRectificationSchema, handle: (request, caller) => reportRectification(app, request, caller) },
    scoreResponse: { schema: scoreResponseSchema, handle: (request, caller) => scoreResponse(app, request, caller) },
    appealRating: { schema: appealRatingSchema, handle: (request, caller) => appealRating(app, request, caller) },
    reviewAppeal: { schema: reviewAppealSchema, handle: (request, caller) => reviewAppeal(app, request, caller) },
    getStatistics: { schema: getStatisticsSchema, handle: (request, caller) => getStatistics(app, request, caller) },
    traceCase: { schema: traceCaseSchema, handle: (request, caller) => traceCase(app, request, caller) },
    setSupervisionPolicy: { schema: setSupervisionPolicySchema, handle: (request, caller) => setSupervisionPolicy(app, request, caller) },
    getSupervisionPolicy: { schema: getSupervisionPolicySchema, handle: (request, caller) => getSupervisionPolicy(app, request, caller) },
  };
}
