import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../scripts/lib/channel-clients.ts';
import { writeVersionOneEventStore } from '../../services/platform/testing/version-one-event-store.ts';
import { acceptedCase, approveEverything } from '../support/back-office.ts';
import { startChild } from '../support/child-process.ts';
import { exerciseSupervision } from '../support/supervision-office.ts';
import { startTestPlatform } from '../support/test-platform.ts';

/**
 * Tamper evidence (issue 9): a real flow on the embedded platform, ratings and an appeal included;
 * then, on copies of its stopped data directory, one stored event is altered or deleted with the
 * sqlite3 engine directly, and `npm run verify-chain` must name exactly that stream and version.
 */
describe('npm run verify-chain reports one altered or deleted stored event', () => {
  let dataDir = '';
  let caseNumber = '';
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const test = await startTestPlatform({ OW_SUPERVISION_SWEEP_MS: '100' });
    const clients = connect(test.endpoints);
    try {
      caseNumber = await acceptedCase(clients);
      await approveEverything(clients, caseNumber, ['SCJGJ']);
      // Two ratings of the case: a bad one followed up to the rater's score, one appealed and reviewed.
      await exerciseSupervision(clients, caseNumber);
    } finally {
      clients.close();
      await test.stop();
    }
    dataDir = test.dataDir;
  }, 120_000);

  /** The verifier as an operator runs it, on a data directory. */
  const verify = async (dir: string, ...args: string[]) => {
    const child = startChild(process.execPath, ['scripts/verify-chain.ts', '--data-dir', dir, ...args]);
    const { code } = await child.exited;
    const output = child.output();
    return { code, output, broken: output.split('\n').filter((line) => line.startsWith('BROKEN ')) };
  };
  /** A copy of the stopped platform's data, to tamper with. */
  const copyOfData = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-tampered-'));
    copies.push(dir);
    cpSync(dataDir, dir, { recursive: true });
    return dir;
  };
  const inStore = <T>(dir: string, service: string, work: (db: DatabaseSync) => T): T => {
    const db = new DatabaseSync(join(dir, service, 'events.sqlite'));
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const ratings = () => `ratings-${caseNumber}`;
  const noPersonalData = (output: string) => {
    for (const secret of ['34052419800101001X', '13912345678', '等候时间太长', '评价人误评']) expect(output).not.toContain(secret);
  };

  it('finds every chain of an untouched store intact, and its anchor stays the same', async () => {
    const { code, output, broken } = await verify(dataDir);
    expect(code, output).toBe(0);
    expect(broken).toEqual([]);
    for (const service of ['acceptance', 'approval', 'supervision', 'notification']) {
      expect(output).toMatch(new RegExp(`^${service}: [1-9]\\d* streams?, [1-9]\\d* events? checked: intact$`, 'm'));
    }
    const anchor = output.match(/^anchor (sm3:[0-9a-f]{64}) /m)?.[1];
    expect(anchor, output).toBeDefined();
    expect((await verify(dataDir, '--expect-anchor', anchor!)).code).toBe(0);
    const other = `sm3:${'0'.repeat(64)}`;
    const differs = await verify(dataDir, '--expect-anchor', other);
    expect(differs.code).toBe(1);
    expect(differs.output).toMatch(/ANCHOR DIFFERS/);
    noPersonalData(output);
  });

  it('reports a rating whose score was changed in the file, at that rating\'s version', async () => {
    const dir = copyOfData();
    const target = inStore(dir, 'supervision', (db) => {
      const row = db.prepare("SELECT position, version, data FROM events WHERE stream_id = ? AND event_type = 'ratingSubmitted' ORDER BY version DESC LIMIT 1").get(ratings()) as
        { position: number; version: number; data: string };
      const rating = JSON.parse(row.data) as { level: number };
      expect(rating.level).toBe(4);
      rating.level = 1;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(rating), row.position);
      return row.version;
    });
    expect(target).toBeGreaterThan(1);

    const { code, output, broken } = await verify(dir);
    expect(code, output).toBe(1);
    expect(broken).toEqual([expect.stringMatching(new RegExp(`^BROKEN supervision ${ratings()} version ${target}: altered `))]);
    expect(output).toMatch(/^supervision: .*: 1 broken stream$/m);
    noPersonalData(output);
  });

  it('reports a deleted event in the middle of a stream as missing at its version', async () => {
    const dir = copyOfData();
    const process = `process-${caseNumber}`;
    const length = inStore(dir, 'approval', (db) => {
      const { n } = db.prepare('SELECT count(*) AS n FROM events WHERE stream_id = ?').get(process) as { n: number };
      db.prepare('DELETE FROM events WHERE stream_id = ? AND version = 2').run(process);
      return n;
    });
    expect(length).toBeGreaterThan(2);

    const { code, output, broken } = await verify(dir);
    expect(code, output).toBe(1);
    expect(broken.filter((line) => !line.includes('global feed'))).toEqual([expect.stringMatching(new RegExp(`^BROKEN approval ${process} version 2: missing `))]);
    expect(output).toMatch(/^BROKEN approval global feed: 1 position\(s\)/m);
  });

  it('reports a deleted last event (the appeal\'s review) as a truncated tail at its version', async () => {
    const dir = copyOfData();
    const last = inStore(dir, 'supervision', (db) => {
      const row = db.prepare('SELECT version, event_type FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1').get(ratings()) as { version: number; event_type: string };
      expect(row.event_type).toBe('appealReviewed');
      db.prepare('DELETE FROM events WHERE stream_id = ? AND version = ?').run(ratings(), row.version);
      return row.version;
    });

    const { code, output, broken } = await verify(dir);
    expect(code, output).toBe(1);
    expect(broken.filter((line) => !line.includes('global feed'))).toEqual([expect.stringMatching(new RegExp(`^BROKEN supervision ${ratings()} version ${last}: truncated `))]);
  });

  it('refuses a store from before tamper evidence with status 2, leaving the file byte for byte as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-pre-chain-'));
    copies.push(dir);
    const store = join(dir, 'acceptance', 'events.sqlite');
    writeVersionOneEventStore(store);
    const before = readFileSync(store);

    const { code, output } = await verify(dir);
    expect(code, output).toBe(2);
    expect(output).toMatch(/from before tamper evidence.*; start the platform once to migrate it, or verify a migrated copy/);
    expect(readFileSync(store).equals(before)).toBe(true);
  });

  it('answers a usage error with status 2', async () => {
    expect((await verify(dataDir, '--service', 'nobody')).code).toBe(2);
    expect((await verify(mkdtempSync(join(tmpdir(), 'ow-empty-')))).code).toBe(2);
    expect((await verify(dataDir, '--expect-anchor', 'not-a-digest')).code).toBe(2);
  });
});
