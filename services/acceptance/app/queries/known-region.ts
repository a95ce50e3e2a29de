import { ValidationError } from '../../../platform/domain/errors.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';

/** A region a request names ("" for the whole country) must be one this installation serves. */
export function assertKnownRegion(app: AcceptanceApp, field: string, code: string): void {
  if (code && !app.regions.has(code)) throw ValidationError.field(field, 'must be a region this installation serves');
}

/** A region a new case, item or setting names must be one in force: an abolished code says since when. */
export function assertRegionInForce(app: AcceptanceApp, field: string, code: string): void {
  const ended = app.regions.get(code)?.endedOn;
  if (ended) throw ValidationError.field(field, `must be a region in force: the code was abolished on ${ended}`);
  if (!app.regions.inForce(code)) throw ValidationError.field(field, 'must be a region this installation serves');
}
