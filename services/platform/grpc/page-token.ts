import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../app/paging.ts';

/**
 * A page size field: 0 means the default. Over the maximum is refused (INVALID_ARGUMENT), not
 * clamped: a client that asked for 10,000 and silently got 200 would believe it had everything
 * (a supervisor's count of overdue cases, say) unless it follows next_page_token, which it may
 * not, having asked for "all". The refusal shows the bug the first time the client runs.
 */
export const pageSizeSchema = z.number().int().max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`);

/** A page token field: ours are a dozen characters; the use case decodes them (app/paging.ts). */
export const pageTokenSchema = z.string().max(64, 'must be a next_page_token from the previous page');
