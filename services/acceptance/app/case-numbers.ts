import { caseNumberFormatProblem, DEFAULT_CASE_NUMBER_FORMAT, formatCaseNumber } from '../../platform/codes/case-number-format.ts';
import type { SequenceStore } from '../../platform/sequence/sequence-store.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';

/**
 * Allocates case numbers in the configured format. The sequence is per handling region and China
 * date, from a store that never hands out a number twice; and the case stream must not exist yet
 * when the case is written, so numbers stay unique even if two processes shared a sequence by mistake.
 */
export function caseNumbers(sequences: SequenceStore, format = DEFAULT_CASE_NUMBER_FORMAT) {
  const problem = caseNumberFormatProblem(format);
  if (problem) throw new Error(`case number format ${problem}`);
  return async (handlingRegionCode: string, now: Date): Promise<string> => {
    const date = chinaDateOf(now).replaceAll('-', '');
    return formatCaseNumber(format, handlingRegionCode, date, await sequences.next(`case:${handlingRegionCode}:${date}`));
  };
}

export type CaseNumbers = ReturnType<typeof caseNumbers>;
