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

/** Sealed values (privacy/sealed-value.ts): their base64 ciphertext may happen to hold 11 digits in a row. */
const SEALED = /pii1\.[a-z]+\.[a-z0-9-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
/** Hex of 16 characters or more (chain hashes, trace and span ids), where chance writes digit runs too. */
const HEX = /\b[0-9a-f]{16,}\b/g;
/** UUIDs (event, request and correlation ids): about one in 4,000 holds 11 digits that look like a mobile. */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * ID numbers, mobile numbers and e-mail addresses standing unmasked in a text ("z***@…" is masked),
 * not counting what chance writes inside ciphertext, hashes and ids.
 */
export function unmaskedPersonalData(text: string): string[] {
  const plain = text
    .replace(SEALED, 'pii1.<sealed>')
    .replace(UUID, '<uuid>')
    .replace(HEX, (hex) => (/[a-f]/.test(hex) ? '<hex>' : hex));
  return [...unmaskedIdNumbers(plain), ...[...plain.matchAll(MOBILE)].map((m) => m[0]), ...[...plain.matchAll(EMAIL)].map((m) => m[0])];
}
