import { isValidCitizenId } from '../../services/platform/codes/citizen-id.ts';

const EIGHTEEN_CHARACTERS = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9])1[3-9]\d{9}(?![0-9])/g;
const EMAIL = /[A-Za-z0-9._%+-]{2,}@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;

/**
 * Citizen ID numbers (GB 11643, checksum valid) standing unmasked in a text. Masked ones
 * ("3405**********001X") and other long numbers (case numbers, timestamps) do not count.
 */
export function unmaskedIdNumbers(text: string): string[] {
  return [...text.matchAll(EIGHTEEN_CHARACTERS)].map((match) => match[0]).filter(isValidCitizenId);
}

/** ID numbers, mobile numbers and e-mail addresses standing unmasked in a text ("z***@…" is masked). */
export function unmaskedPersonalData(text: string): string[] {
  return [...unmaskedIdNumbers(text), ...[...text.matchAll(MOBILE)].map((m) => m[0]), ...[...text.matchAll(EMAIL)].map((m) => m[0])];
}
