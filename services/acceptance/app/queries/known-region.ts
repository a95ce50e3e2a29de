import { ValidationError } from '../../../platform/domain/errors.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';

/** A region a request names ("" for the whole country) must be one this installation serves. */
export function assertKnownRegion(app: AcceptanceApp, field: string, code: string): void {
  if (code && !app.regions.has(code)) throw ValidationError.field(field, 'must be a region this installation serves');
}
