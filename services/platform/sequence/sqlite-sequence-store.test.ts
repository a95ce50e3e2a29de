import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteSequenceStore } from './sqlite-sequence-store.ts';

describe('SqliteSequenceStore', () => {
  it('hands out each number once per name, concurrently and across a reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-seq-')), 'sequences.sqlite');
    const store = new SqliteSequenceStore(path);
    const numbers = await Promise.all(Array.from({ length: 50 }, () => store.next('case:350102:20261122')));
    expect(new Set(numbers).size).toBe(50);
    expect(Math.max(...numbers)).toBe(50);
    expect(await store.next('case:350102:20261123')).toBe(1);
    await store.close();
    const reopened = new SqliteSequenceStore(path);
    expect(await reopened.next('case:350102:20261122')).toBe(51);
    await reopened.close();
  });
});
