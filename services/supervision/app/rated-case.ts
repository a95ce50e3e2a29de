import type { RatedCase } from '../domain/rating/rating-commands.ts';
import type { WatchState } from '../domain/watch/watch-state.ts';

/** A watched case as the rating rules need it; undefined for a case supervision never received. */
export function ratedCaseOf(watch: WatchState): RatedCase | undefined {
  if (watch.status === 'none') return undefined;
  const { received } = watch;
  return {
    caseNumber: received.caseNumber,
    applicantSubject: received.applicantSubject,
    applicantPhone: received.applicantPhone,
    itemCode: received.itemCode,
    itemName: received.itemName,
    handlingDepartment: received.handlingDepartment,
    handlingRegionCode: received.handlingRegionCode,
    hallId: received.hallId,
    channel: received.channel,
    ended: watch.status === 'stopped' || watch.status === 'closed',
    concluded: watch.status === 'stopped' && watch.concludedOn !== '' && watch.outcome !== 'OUTCOME_WITHDRAWN',
  };
}
