import { randomBytes } from 'node:crypto';
import type { Clock } from '../time/clock.ts';
import { SUBJECT_KEY_BYTES, decrypt, encrypt } from './personal-data-cipher.ts';
import { UnavailableError } from '../domain/errors.ts';
import { type CipherName, ERASED, type PersonalDataKind, SEALED_PREFIX, UNREADABLE, formatSealed, isSealed, parseSealed, sealedHeader } from './sealed-value.ts';
import type { StoredSubjectKey, SubjectKeyStore } from './subject-key-store.ts';

export interface PersonalDataVaultOptions {
  readonly keys: SubjectKeyStore;
  /** 32 bytes; wraps every subject key (AES-256-GCM). In production it comes from a KMS or HSM. */
  readonly masterKey: Buffer;
  /** The cipher new values are sealed with; values sealed before keep theirs. */
  readonly cipher: CipherName;
  readonly clock: Clock;
  /**
   * How long an unwrapped key is kept in memory. Erasing through this vault forgets at once;
   * other processes forget within this time.
   */
  readonly cacheMs: number;
}

/**
 * Personal data at rest (PIPL; GB/T 35273; GB/T 39786): each value sealed under a key of its own
 * data subject, so erasing the subject is destroying their keys (crypto-shredding) — every copy in
 * events, read models, topics and backups then reads as ERASED, and the rest of the history is
 * untouched (and its hash chain still verifies).
 */
export class PersonalDataVault {
  readonly #options: PersonalDataVaultOptions;
  readonly #cache = new Map<string, { key: Buffer | 'erased'; subject: string; until: number }>();
  /** Look-ups in flight: the sealed values of one response, opened together, share one read per key. */
  readonly #lookups = new Map<string, Promise<Buffer | 'erased' | undefined>>();

  constructor(options: PersonalDataVaultOptions) {
    if (options.masterKey.length !== 32) throw new Error('the personal-data master key must have 32 bytes');
    this.#options = options;
  }

  /** Seals one value under the subject's key, creating the key on first use; "" stays "". */
  async seal(subject: string, kind: PersonalDataKind, plaintext: string): Promise<string> {
    if (plaintext === '') return plaintext;
    // Requests never carry sealed values (validate-request.ts); sealing one again would hide a bug.
    if (plaintext.startsWith(SEALED_PREFIX)) throw new Error('the value is sealed already');
    const { keyId, key } = await this.#activeKey(subject);
    const cipher = this.#options.cipher;
    const payload = encrypt(cipher, key, Buffer.from(plaintext, 'utf8'), Buffer.from(sealedHeader(kind, cipher, keyId)));
    return formatSealed({ kind, cipher, keyId, payload });
  }

  /**
   * The plaintext of a sealed value; ERASED once its subject is erased; UNREADABLE when its key is
   * unknown here or the value fails authentication; other strings as they are.
   */
  async open(value: string): Promise<string> {
    if (!isSealed(value)) return value;
    const sealed = parseSealed(value);
    const key = await this.#keyById(sealed.keyId);
    if (key === 'erased') return ERASED;
    if (!key) return UNREADABLE;
    try {
      return decrypt(sealed.cipher, key, sealed.payload, Buffer.from(sealedHeader(sealed.kind, sealed.cipher, sealed.keyId))).toString('utf8');
    } catch {
      return UNREADABLE;
    }
  }

  /** Destroys every key of the subject; returns how many. */
  async erase(subject: string): Promise<number> {
    const erased = await this.#store(() => this.#options.keys.eraseSubject(subject, this.#options.clock.now().toISOString()));
    for (const [keyId, cached] of this.#cache) if (cached.subject === subject) this.#cache.delete(keyId);
    return erased.length;
  }

  close(): Promise<void> {
    this.#cache.clear();
    return this.#options.keys.close();
  }

  /**
   * The subject's active key, always looked up in the store (one indexed read): another process
   * may have erased it, and a value sealed under an erased key would be lost at once.
   */
  async #activeKey(subject: string): Promise<{ keyId: string; key: Buffer }> {
    const keys = this.#options.keys;
    const stored = (await this.#store(() => keys.activeKey(subject))) ?? (await this.#store(() => keys.addKey(this.#newKey(subject))));
    const cached = this.#cache.get(stored.keyId);
    const key = cached && Buffer.isBuffer(cached.key) ? cached.key : this.#remember(stored);
    if (!Buffer.isBuffer(key)) throw new Error('the subject\'s active key has no key material');
    return { keyId: stored.keyId, key };
  }

  async #keyById(keyId: string): Promise<Buffer | 'erased' | undefined> {
    const cached = this.#cache.get(keyId);
    if (cached && cached.until > Date.now()) return cached.key;
    let lookup = this.#lookups.get(keyId);
    if (!lookup) {
      lookup = this.#store(() => this.#options.keys.keyById(keyId))
        .then((stored) => (stored ? this.#remember(stored) : undefined))
        .finally(() => this.#lookups.delete(keyId));
      this.#lookups.set(keyId, lookup);
    }
    return lookup;
  }

  /** The key store out of reach is an outage the caller may retry, not a fault of the request. */
  async #store<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw Object.assign(new UnavailableError('the personal-data key store cannot be reached'), { cause: error });
    }
  }

  #remember(stored: StoredSubjectKey): Buffer | 'erased' {
    const key = stored.wrappedKey ? this.#unwrap(stored.keyId, stored.wrappedKey) : 'erased';
    this.#cache.set(stored.keyId, { key, subject: stored.subject, until: Date.now() + this.#options.cacheMs });
    return key;
  }

  #newKey(subject: string): StoredSubjectKey {
    const keyId = randomBytes(16).toString('base64url');
    return { keyId, subject, wrappedKey: this.#wrap(keyId, randomBytes(SUBJECT_KEY_BYTES)), createdAt: this.#options.clock.now().toISOString() };
  }

  /** AES-256-GCM under the master key, bound to the key id. */
  #wrap(keyId: string, key: Buffer): Buffer {
    return encrypt('aes-256-gcm', this.#options.masterKey, key, Buffer.from(`subject-key.${keyId}`));
  }

  #unwrap(keyId: string, wrapped: Buffer): Buffer {
    return decrypt('aes-256-gcm', this.#options.masterKey, wrapped, Buffer.from(`subject-key.${keyId}`));
  }
}
