import type { ReviewAppealRequest, ReviewAppealResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { staffOf } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { ratingAfter } from './on-rating.ts';

/** 复核: a supervisor who did not file the appeal reviews it; upheld, the rating leaves the statistics. */
export function reviewAppeal(app: SupervisionApp, request: ReviewAppealRequest, caller: CallContext): Promise<ReviewAppealResponse> {
  return ratingAfter(app, request, caller, (_rated, now) => ({
    type: 'ReviewAppeal',
    ratingId: request.ratingId,
    upheld: request.upheld,
    note: request.note,
    reviewer: staffOf(caller),
    now,
  }));
}
