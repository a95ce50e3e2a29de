import type { SequenceStore } from '../../platform/sequence/sequence-store.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';

/**
 * Case numbers (办件编号), DOMAIN §4 default format: handling-region code + date (China time) +
 * 6-digit daily sequence, e.g. 35010220261122000001. The sequence store never repeats a number,
 * and the case stream must not exist yet when the case is written, so numbers stay unique even
 * if two processes shared a sequence by mistake.
 */
export async function allocateCaseNumber(sequences: SequenceStore, handlingRegionCode: string, now: Date): Promise<string> {
  const date = chinaDateOf(now).replaceAll('-', '');
  const sequence = await sequences.next(`case:${handlingRegionCode}:${date}`);
  return `${handlingRegionCode}${date}${String(sequence).padStart(6, '0')}`;
}
