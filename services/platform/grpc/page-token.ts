import { z } from 'zod';
import { ValidationError } from '../domain/errors.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** A page size field: 0 means the default. */
export const pageSizeSchema = z.number().int().max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`);

/** Page tokens are opaque to clients (an offset today, perhaps a cursor tomorrow). */
export function pageOffset(token: string, field = 'page_token'): number {
  if (token === '') return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^o:/, ''));
  if (!token || !Number.isInteger(offset) || offset < 0) throw ValidationError.field(field, 'must be a next_page_token from the previous page');
  return offset;
}

export function pageSizeOf(requested: number): number {
  return requested === 0 ? DEFAULT_PAGE_SIZE : requested;
}

/** The token of the page after one that started at `offset`; "" when it was the last. */
export function nextPageToken(offset: number, pageSize: number, hasMore: boolean): string {
  return hasMore ? Buffer.from(`o:${offset + pageSize}`).toString('base64url') : '';
}
