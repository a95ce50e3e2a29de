import type { Deadline } from '../../generated/onewindow/common/v1/outcome.ts';

/**
 * A deadline as people read it, in histories and in messages alike: its date, marked 暂定 when it
 * falls in a year whose holiday notice is not loaded yet (DOMAIN.md §2: provisional deadlines are
 * marked wherever they are shown), or `none` when there is no date.
 */
export function deadlineText(deadline: Deadline | undefined, none = '无'): string {
  return deadline?.date ? `${deadline.date}${deadline.provisional ? '（暂定）' : ''}` : none;
}
