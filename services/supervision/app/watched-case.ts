import { NotFoundError } from '../../platform/domain/errors.ts';
import type { RatedCase } from '../domain/rating/rating-commands.ts';
import { watchStreamId } from '../domain/watch/watch-events.ts';
import type { WatchState } from '../domain/watch/watch-state.ts';
import { ratedCaseOf } from './rated-case.ts';
import type { SupervisionApp } from './supervision-app.ts';

/** A case supervision watches, read from its stream (always consistent), with what rating it needs; NotFound for one it never received. */
export async function watchedCase(app: SupervisionApp, caseNumber: string): Promise<{ watch: WatchState; rated: RatedCase }> {
  const { state: watch } = await app.watches.load(watchStreamId(caseNumber));
  const rated = ratedCaseOf(watch);
  if (!rated) throw new NotFoundError(`case ${caseNumber} is not known to supervision (not received yet?)`);
  return { watch, rated };
}
