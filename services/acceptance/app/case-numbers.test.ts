import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteSequenceStore } from '../../platform/sequence/sqlite-sequence-store.ts';
import { caseNumbers } from './case-numbers.ts';

const sequences = () => new SqliteSequenceStore(join(mkdtempSync(join(tmpdir(), 'ow-case-numbers-')), 'sequences.sqlite'));
const noon = new Date('2026-11-22T04:00:00Z');

describe('case numbers', () => {
  describe('given a format that writes the region', () => {
    it('when two regions receive their first case of the day, then each counts from 1 and the numbers differ', async () => {
      const next = caseNumbers(sequences(), '{region}{date}{seq:6}');
      expect([await next('350102', noon), await next('350203', noon), await next('350102', noon)]).toEqual([
        '35010220261122000001',
        '35020320261122000001',
        '35010220261122000002',
      ]);
    });
  });

  describe('given a format without the region ({date}{seq:6})', () => {
    it('when two regions receive cases on the same day, then they share one daily sequence and no number repeats', async () => {
      const next = caseNumbers(sequences(), '{date}{seq:6}');
      const numbers = [await next('350102', noon), await next('350203', noon), await next('440305', noon), await next('350102', noon)];
      expect(numbers).toEqual(['20261122000001', '20261122000002', '20261122000003', '20261122000004']);
      expect(new Set(numbers).size).toBe(numbers.length);
    });
  });
});
