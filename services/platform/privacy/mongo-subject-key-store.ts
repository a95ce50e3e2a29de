import type { Binary } from 'mongodb';
import type { Connection } from 'mongoose';
import { inMongo, isDuplicateKey } from '../mongo/connect-mongo.ts';
import type { StoredSubjectKey, SubjectKeyStore } from './subject-key-store.ts';

interface KeyDocument {
  _id: string;
  subject: string;
  wrappedKey: Buffer | Binary | null;
  createdAt: string;
  erasedAt: string | null;
  /** True until erased: the partial unique index keeps one active key per subject. */
  active: boolean;
}

/**
 * The key store on MongoDB, in a database of its own that every service of an installation reads
 * (OW_MONGO_DATABASE_PREFIX + "keys"). Writes use the connection's majority write concern.
 */
export class MongoSubjectKeyStore implements SubjectKeyStore {
  readonly #connection: Connection;
  #indexed: Promise<unknown> | undefined;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  async activeKey(subject: string): Promise<StoredSubjectKey | undefined> {
    const keys = await this.#keys();
    return keyOf(await inMongo(() => keys.findOne({ subject, active: true })));
  }

  async addKey(key: StoredSubjectKey): Promise<StoredSubjectKey> {
    const keys = await this.#keys();
    try {
      await inMongo(() => keys.insertOne({ _id: key.keyId, subject: key.subject, wrappedKey: key.wrappedKey ?? null, createdAt: key.createdAt, erasedAt: null, active: true }));
    } catch (error) {
      // Another writer created the subject's key first (or this insert's answer was lost and the
      // retry met it): theirs is the one.
      if (!isDuplicateKey(error)) throw error;
    }
    return this.#activeAfterInsert(key.subject);
  }

  /**
   * The key the unique index kept. Reads see majority-committed writes only, and the winner's
   * insert may not be majority-committed yet when this writer's was refused: read again briefly.
   */
  async #activeAfterInsert(subject: string): Promise<StoredSubjectKey> {
    for (let attempt = 0; ; attempt++) {
      const active = await this.activeKey(subject);
      if (active) return active;
      if (attempt === 20) throw new Error(`the active key of a subject is not readable after its insert was refused as a duplicate`);
      await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
    }
  }

  async keyById(keyId: string): Promise<StoredSubjectKey | undefined> {
    const keys = await this.#keys();
    return keyOf(await inMongo(() => keys.findOne({ _id: keyId })));
  }

  async eraseSubject(subject: string, erasedAt: string): Promise<string[]> {
    const keys = await this.#keys();
    const active = await inMongo(() => keys.find({ subject, active: true }, { projection: { _id: 1 } }).toArray());
    const ids = active.map((key) => key._id);
    if (ids.length > 0) await inMongo(() => keys.updateMany({ _id: { $in: ids } }, { $set: { wrappedKey: null, erasedAt, active: false } }));
    return ids;
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  async #keys() {
    const keys = this.#connection.db!.collection<KeyDocument>('subject_keys');
    this.#indexed ??= keys.createIndex({ subject: 1 }, { unique: true, partialFilterExpression: { active: true }, name: 'one_active_key_per_subject' });
    await this.#indexed;
    return keys;
  }
}

function keyOf(document: KeyDocument | null): StoredSubjectKey | undefined {
  if (!document) return undefined;
  return {
    keyId: document._id,
    subject: document.subject,
    wrappedKey: document.wrappedKey ? bytesOf(document.wrappedKey) : undefined,
    createdAt: document.createdAt,
    ...(document.erasedAt ? { erasedAt: document.erasedAt } : {}),
  };
}

/** The driver reads binary fields back as BSON Binary. */
function bytesOf(value: Buffer | Binary): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer);
}
