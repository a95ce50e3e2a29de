/**
 * A sealed value: one piece of personal data encrypted under its data subject's key, written where
 * the plaintext would stand (an event's payload, a read model, a message on the bus). It names its
 * kind (so an output can mask it without opening the surrounding object's schema), the cipher and
 * the key it was sealed with; nothing in it identifies the person.
 *
 *   pii1.<kind>.<cipher>.<key id>.<base64url(iv | ciphertext | tag)>
 */
export const SEALED_PREFIX = 'pii1.';

export const personalDataKinds = ['name', 'id', 'phone', 'email', 'token'] as const;
export type PersonalDataKind = (typeof personalDataKinds)[number];

export const cipherNames = ['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as const;
export type CipherName = (typeof cipherNames)[number];

export interface SealedValue {
  readonly kind: PersonalDataKind;
  readonly cipher: CipherName;
  readonly keyId: string;
  readonly payload: Buffer;
}

/** What a personal field reads as once its subject's key is gone (crypto-shredding). */
export const ERASED = '[erased]';

/**
 * What a sealed value reads as when it cannot be opened: its key is neither here nor erased (a key
 * store restored from the wrong backup) or the value is damaged.
 */
export const UNREADABLE = '[unreadable]';

/** What an opened value reads as when its plaintext is gone or cannot be had. */
export const isUnavailable = (text: string): boolean => text === ERASED || text === UNREADABLE;

const SEALED = /^pii1\.(name|id|phone|email|token)\.(aes-256-gcm|sm4-ctr-hmac-sm3)\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]+)$/;

/** A whole, well-formed sealed value (anything else is plain text, masked as such). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX) && SEALED.test(value);
}

/** The header binds a ciphertext to its kind, cipher and key (it is the authenticated data). */
export function sealedHeader(kind: PersonalDataKind, cipher: CipherName, keyId: string): string {
  return `${SEALED_PREFIX}${kind}.${cipher}.${keyId}`;
}

export function formatSealed(value: SealedValue): string {
  return `${sealedHeader(value.kind, value.cipher, value.keyId)}.${value.payload.toString('base64url')}`;
}

export function parseSealed(value: string): SealedValue {
  const match = SEALED.exec(value);
  if (!match) throw new Error('not a well-formed sealed value');
  return { kind: match[1] as PersonalDataKind, cipher: match[2] as CipherName, keyId: match[3]!, payload: Buffer.from(match[4]!, 'base64url') };
}
