import { describe, expect, it } from 'vitest';
import type { SequenceStore } from './sequence-store.ts';

export interface SequenceStoreFixture {
  open(): Promise<SequenceStore>;
  /** The store last opened, again after close(). */
  reopen(): Promise<SequenceStore>;
}

/** The behaviour every SequenceStore adapter must have; run by each adapter's test file. */
export function sequenceStoreContract(name: string, fixture: SequenceStoreFixture): void {
  describe(`SequenceStore contract: ${name}`, () => {
    it('hands out each number once per name, concurrently and across a reopen', async () => {
      const store = await fixture.open();
      const numbers = await Promise.all(Array.from({ length: 50 }, () => store.next('case:350102:20261122')));
      expect(new Set(numbers).size).toBe(50);
      expect(Math.max(...numbers)).toBe(50);
      expect(await store.next('case:350102:20261123')).toBe(1);
      await store.close();
      const reopened = await fixture.reopen();
      expect(await reopened.next('case:350102:20261122')).toBe(51);
      await reopened.close();
    });
  });
}
