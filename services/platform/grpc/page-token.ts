import { z } from 'zod';
import { ValidationError } from '../domain/errors.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * A page size field: 0 means the default. Over the maximum is refused (INVALID_ARGUMENT), not
 * clamped: a client that asked for 10,000 and silently got 200 would believe it had everything
 * (a supervisor's count of overdue cases, say) unless it follows next_page_token, which it may
 * not, having asked for "all". The refusal shows the bug the first time the client runs.
 */
export const pageSizeSchema = z.number().int().max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`);

/** A page token field: ours are a dozen characters; the handler decodes them (pageOffset). */
export const pageTokenSchema = z.string().max(64, 'must be a next_page_token from the previous page');

/** Deeper than anyone pages by hand; beyond it, narrow the query. */
const MAX_OFFSET = 1_000_000;

/** Page tokens are opaque to clients (an offset today, perhaps a cursor tomorrow). */
export function pageOffset(token: string, field = 'page_token'): number {
  if (token === '') return 0;
  const match = /^o:(\d{1,7})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const offset = match ? Number(match[1]) : Number.NaN;
  if (!(offset >= 0 && offset <= MAX_OFFSET)) throw ValidationError.field(field, 'must be a next_page_token from the previous page');
  return offset;
}

export function pageSizeOf(requested: number): number {
  return requested === 0 ? DEFAULT_PAGE_SIZE : requested;
}

/** The token of the page after one that started at `offset`; "" when it was the last. */
export function nextPageToken(offset: number, pageSize: number, hasMore: boolean): string {
  return hasMore ? Buffer.from(`o:${offset + pageSize}`).toString('base64url') : '';
}
