import type { ScoreResponseRequest, ScoreResponseResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { ratingAfter } from './on-rating.ts';

/** The rater scores how their bad rating was handled, once it was reported back to them. */
export function scoreResponse(app: SupervisionApp, request: ScoreResponseRequest, caller: CallContext): Promise<ScoreResponseResponse> {
  return ratingAfter(app, request, caller, (_rated, now) => ({ type: 'ScoreResponse', ratingId: request.ratingId, level: request.level, rater: caller.caller.subject, now }));
}
