import { maskAddress, maskIdNumber, maskName, maskPhone } from '../logging/mask-personal-data.ts';
import { ERASED, type PersonalDataKind, UNREADABLE, isSealed, parseSealed } from './sealed-value.ts';

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
 * ERASED where the subject's key is gone. Only plain objects and arrays are walked (proto messages
 * in TypeScript form are plain objects); the value itself is returned when it holds nothing sealed.
 */
export async function revealPersonalData<T>(vault: { open(value: string): Promise<string> }, value: T, view: PersonalDataView): Promise<T> {
  const sealed = new Set<string>();
  collectSealed(value, sealed);
  if (sealed.size === 0) return value;
  const opened = new Map<string, string>();
  await Promise.all(
    [...sealed].map(async (text) => {
      const plaintext = await vault.open(text);
      const unavailable = plaintext === ERASED || plaintext === UNREADABLE;
      opened.set(text, view === 'plain' || unavailable ? plaintext : MASK_OF[parseSealed(text).kind](plaintext));
    }),
  );
  return replaceSealed(value, opened) as T;
}

function collectSealed(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (isSealed(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectSealed(item, into);
  } else if (isPlainObject(value)) {
    for (const item of Object.values(value)) collectSealed(item, into);
  }
}

function replaceSealed(value: unknown, opened: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return opened.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceSealed(item, opened));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceSealed(item, opened)]));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
