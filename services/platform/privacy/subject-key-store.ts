/**
 * One data subject's key as kept in the key store: wrapped (encrypted) under the master key, never
 * in the clear. An erased key keeps its row with no key material, so "erased" can be told from
 * "never existed here" (a store restored from the wrong backup, say).
 */
export interface StoredSubjectKey {
  /** Random, named in every value sealed with it; identifies nobody. */
  readonly keyId: string;
  /** The data subject: "holder:<holder id>" or "account:<account id>" — keyed hashes and account ids, never personal data. */
  readonly subject: string;
  /** Undefined once erased. */
  readonly wrappedKey: Buffer | undefined;
  readonly createdAt: string;
  readonly erasedAt?: string;
}

/**
 * The key store port: the per-subject keys of personal data, shared by every service of an
 * installation (they all read what acceptance sealed). Implementations: SQLite (embedded) and
 * MongoDB; both pass subject-key-store.contract.ts.
 */
export interface SubjectKeyStore {
  /** The subject's key in use, if it has one that is not erased. */
  activeKey(subject: string): Promise<StoredSubjectKey | undefined>;
  /**
   * Stores a new key unless the subject already has an active one, and returns the active key:
   * two writers racing to create a subject's first key agree on one.
   */
  addKey(key: StoredSubjectKey): Promise<StoredSubjectKey>;
  /** A key by id, erased ones included. */
  keyById(keyId: string): Promise<StoredSubjectKey | undefined>;
  /** Destroys the key material of every key of the subject; returns the ids of the keys erased now. */
  eraseSubject(subject: string, erasedAt: string): Promise<string[]>;
  close(): Promise<void>;
}
