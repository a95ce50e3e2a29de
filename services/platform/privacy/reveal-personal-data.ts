import { maskAddress, maskIdNumber, maskName, maskPhone } from './mask-personal-data.ts';
import { type PersonalDataKind, isSealed, isUnavailable, parseSealed } from './sealed-value.ts';
import { forEachString, mapStrings } from './strings-in.ts';

/** How a reader sees personal data: in full (its subject, or staff who work with it), or masked. */
export type PersonalDataView = 'plain' | 'masked';

const MASK_OF: Readonly<Record<PersonalDataKind, (value: string) => string>> = {
  name: maskName,
  id: maskIdNumber,
  phone: maskPhone,
  email: maskAddress,
  token: maskAddress,
};

/**
 * A copy of a response with every sealed value in it opened: in full or masked by its kind, and
 * ERASED where the subject's key is gone; the value itself when it holds nothing sealed.
 */
export async function revealPersonalData<T>(vault: { open(value: string): Promise<string> }, value: T, view: PersonalDataView): Promise<T> {
  const sealed = new Set<string>();
  forEachString(value, (text) => {
    if (isSealed(text)) sealed.add(text);
  });
  if (sealed.size === 0) return value;
  const opened = new Map<string, string>();
  await Promise.all(
    [...sealed].map(async (text) => {
      const plaintext = await vault.open(text);
      const unavailable = isUnavailable(plaintext);
      opened.set(text, view === 'plain' || unavailable ? plaintext : MASK_OF[parseSealed(text).kind](plaintext));
    }),
  );
  return mapStrings(value, (text) => opened.get(text) ?? text) as T;
}
