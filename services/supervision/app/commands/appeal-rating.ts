import type { AppealRatingRequest, AppealRatingResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { staffOf } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { ratingAfter } from './on-rating.ts';

/** 申诉: the rated department appeals once against a bad rating it holds mistaken or malicious. */
export function appealRating(app: SupervisionApp, request: AppealRatingRequest, caller: CallContext): Promise<AppealRatingResponse> {
  return ratingAfter(app, request, caller, (_rated, now) => ({
    type: 'AppealRating',
    ratingId: request.ratingId,
    ground: request.ground,
    reason: request.reason,
    appellant: staffOf(caller),
    now,
  }));
}
