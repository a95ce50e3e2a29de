import { describe, expect, it } from 'vitest';
import type { StoredSubjectKey, SubjectKeyStore } from './subject-key-store.ts';

export interface SubjectKeyStoreFixture {
  open(): Promise<SubjectKeyStore>;
  /** The store last opened, again after close(). */
  reopen(): Promise<SubjectKeyStore>;
}

const keyOf = (keyId: string, subject: string): StoredSubjectKey => ({
  keyId: keyId.padEnd(22, '0'),
  subject,
  wrappedKey: Buffer.from(`wrapped ${keyId}`),
  createdAt: '2026-11-22T01:00:00.000Z',
});

/** The behaviour every SubjectKeyStore adapter must have; run by each adapter's test file. */
export function subjectKeyStoreContract(name: string, fixture: SubjectKeyStoreFixture): void {
  describe(`SubjectKeyStore contract: ${name}`, () => {
    it('keeps one active key per subject when writers race, and keeps it across a reopen', async () => {
      const store = await fixture.open();
      const added = await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.addKey(keyOf(id, 'holder:h1'))));
      expect(new Set(added.map((key) => key.keyId)).size).toBe(1);
      await store.close();
      const reopened = await fixture.reopen();
      const active = await reopened.activeKey('holder:h1');
      expect(active?.keyId).toBe(added[0]!.keyId);
      expect(active?.wrappedKey?.toString()).toBe(`wrapped ${active!.keyId.replace(/0+$/, '')}`);
      expect(await reopened.activeKey('holder:h2')).toBeUndefined();
      await reopened.close();
    });

    it('erases a subject\'s key material, keeps a tombstone, leaves other subjects alone and lets the subject start afresh', async () => {
      const store = await fixture.open();
      const first = await store.addKey(keyOf('e1', 'holder:erased'));
      await store.addKey(keyOf('k1', 'holder:kept'));
      expect(await store.eraseSubject('holder:erased', '2026-11-22T02:00:00.000Z')).toEqual([first.keyId]);
      expect(await store.eraseSubject('holder:erased', '2026-11-22T03:00:00.000Z')).toEqual([]);
      await store.close();
      const reopened = await fixture.reopen();
      const tombstone = await reopened.keyById(first.keyId);
      expect(tombstone).toMatchObject({ keyId: first.keyId, subject: 'holder:erased', wrappedKey: undefined, erasedAt: '2026-11-22T02:00:00.000Z' });
      expect(await reopened.activeKey('holder:erased')).toBeUndefined();
      expect((await reopened.activeKey('holder:kept'))?.wrappedKey).toBeDefined();
      const fresh = await reopened.addKey(keyOf('e2', 'holder:erased'));
      expect(fresh.keyId).not.toBe(first.keyId);
      expect(await reopened.keyById('unknown'.padEnd(22, '0'))).toBeUndefined();
      await reopened.close();
    });
  });
}
