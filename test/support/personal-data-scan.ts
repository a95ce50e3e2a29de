import { isValidCitizenId } from '../../services/platform/codes/citizen-id.ts';

const EIGHTEEN_CHARACTERS = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/**
 * Citizen ID numbers (GB 11643, checksum valid) standing unmasked in a text. Masked ones
 * ("3405**********001X") and other long numbers (case numbers, timestamps) do not count.
 */
export function unmaskedIdNumbers(text: string): string[] {
  return [...text.matchAll(EIGHTEEN_CHARACTERS)].map((match) => match[0]).filter(isValidCitizenId);
}
