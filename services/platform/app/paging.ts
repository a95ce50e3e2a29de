import { ValidationError } from '../domain/errors.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

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

/**
 * One page of a listing a request asks for (its page_size and page_token): `read` is asked for one
 * item more than the page holds, which tells whether another page follows.
 */
export async function readPage<T>(
  request: { readonly pageSize: number; readonly pageToken: string },
  read: (window: { readonly offset: number; readonly limit: number }) => Promise<readonly T[]>,
): Promise<{ items: T[]; nextPageToken: string }> {
  const offset = pageOffset(request.pageToken);
  const size = pageSizeOf(request.pageSize);
  const found = await read({ offset, limit: size + 1 });
  return { items: found.slice(0, size), nextPageToken: nextPageToken(offset, size, found.length > size) };
}
