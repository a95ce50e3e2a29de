import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CipherName } from './sealed-value.ts';

/** Every subject key has 32 bytes: the AES-256 key, or the SM4 key and the HMAC-SM3 key. */
export const SUBJECT_KEY_BYTES = 32;
const TAG_BYTES = 16;

/**
 * Authenticated encryption of short values under a 32-byte key, with associated data.
 * - aes-256-gcm: 12-byte random IV, 16-byte tag.
 * - sm4-ctr-hmac-sm3 (GB/T 32907 + GB/T 32905, for deployments that must use the national
 *   algorithms): Node's OpenSSL has no SM4-GCM, so SM4-CTR with a 16-byte random IV, then
 *   HMAC-SM3 over associated data, IV and ciphertext (encrypt-then-MAC), truncated to 16 bytes.
 * Output: iv | ciphertext | tag.
 */
export function encrypt(cipher: CipherName, key: Buffer, plaintext: Buffer, associatedData: Buffer): Buffer {
  assertKey(key);
  if (cipher === 'aes-256-gcm') {
    const iv = randomBytes(12);
    const aes = createCipheriv('aes-256-gcm', key, iv).setAAD(associatedData);
    const ciphertext = Buffer.concat([aes.update(plaintext), aes.final()]);
    return Buffer.concat([iv, ciphertext, aes.getAuthTag()]);
  }
  const iv = randomBytes(16);
  const sm4 = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([sm4.update(plaintext), sm4.final()]);
  return Buffer.concat([iv, ciphertext, sm3Tag(key, associatedData, iv, ciphertext)]);
}

/** Throws when the payload was altered or sealed under another key or header. */
export function decrypt(cipher: CipherName, key: Buffer, payload: Buffer, associatedData: Buffer): Buffer {
  assertKey(key);
  if (cipher === 'aes-256-gcm') {
    if (payload.length < 12 + TAG_BYTES) throw new Error('sealed payload too short');
    const aes = createDecipheriv('aes-256-gcm', key, payload.subarray(0, 12)).setAAD(associatedData);
    aes.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    return Buffer.concat([aes.update(payload.subarray(12, payload.length - TAG_BYTES)), aes.final()]);
  }
  if (payload.length < 16 + TAG_BYTES) throw new Error('sealed payload too short');
  const iv = payload.subarray(0, 16);
  const ciphertext = payload.subarray(16, payload.length - TAG_BYTES);
  if (!timingSafeEqual(sm3Tag(key, associatedData, iv, ciphertext), payload.subarray(payload.length - TAG_BYTES))) {
    throw new Error('sealed payload failed authentication');
  }
  const sm4 = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
  return Buffer.concat([sm4.update(ciphertext), sm4.final()]);
}

function sm3Tag(key: Buffer, associatedData: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(associatedData.length));
  // The associated data's length goes first, so no split of (aad, iv | ciphertext) is ambiguous.
  return createHmac('sm3', key.subarray(16, 32)).update(length).update(associatedData).update(iv).update(ciphertext).digest().subarray(0, TAG_BYTES);
}

function assertKey(key: Buffer): void {
  if (key.length !== SUBJECT_KEY_BYTES) throw new Error(`a subject key has ${SUBJECT_KEY_BYTES} bytes`);
}
