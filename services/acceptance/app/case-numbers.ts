import { caseNumberFormatProblem, DEFAULT_CASE_NUMBER_FORMAT, formatCaseNumber } from '../../platform/codes/case-number-format.ts';
import type { SequenceStore } from '../../platform/sequence/sequence-store.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';

/**
 * Allocates case numbers in the configured format, from a store that never hands out a number
 * twice. The daily sequence is per handling region when the format writes the region, and one for
 * all regions when it does not (`{date}{seq:6}`): two regions counting apart would give the same
 * number on the same day, and numbers are unique nationwide (DOMAIN.md, "Case number"). The case
 * stream must also not exist yet when the case is written, so numbers stay unique even if two
 * processes shared a sequence by mistake.
 */
export function caseNumbers(sequences: SequenceStore, format = DEFAULT_CASE_NUMBER_FORMAT) {
  const problem = caseNumberFormatProblem(format);
  if (problem) throw new Error(`case number format ${problem}`);
  const perRegion = format.includes('{region}');
  return async (handlingRegionCode: string, now: Date): Promise<string> => {
    const date = chinaDateOf(now).replaceAll('-', '');
    const sequence = perRegion ? `case:${handlingRegionCode}:${date}` : `case:${date}`;
    return formatCaseNumber(format, handlingRegionCode, date, await sequences.next(sequence));
  };
}

export type CaseNumbers = ReturnType<typeof caseNumbers>;
