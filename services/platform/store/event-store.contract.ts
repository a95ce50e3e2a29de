import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConcurrencyError } from '../domain/errors.ts';
import type { EventStore, StoredEvent } from './event-store.ts';
import { sampleEvent } from '../testing/sample-events.ts';
import { verifyStoreChain } from './chain-verifier.ts';
import { type ChainAlgorithm, type ChainLink, algorithmOf, chainHashOf, genesisOf } from './hash-chain.ts';
import { wholeFeed } from './whole-feed.ts';

export interface EventStoreFixture {
  /** A new, empty store. */
  open(options?: { chainHash?: ChainAlgorithm }): Promise<EventStore>;
  /** The store called `name`: empty the first time, with what was written before when opened again. */
  openNamed(name: string, options?: { chainHash?: ChainAlgorithm }): Promise<EventStore>;
  /**
   * For durable stores: a child process that appends in a loop (store/testing/append-loop.ts
   * protocol) and a way to reopen what it wrote after it was killed.
   */
  readonly crash?: {
    spawnWriter(firstBatch: number): { command: string; args: string[] };
    reopen(): Promise<EventStore>;
  };
}

/** The behaviour every EventStore adapter must have; run by each adapter's test file. */
export function eventStoreContract(name: string, fixture: EventStoreFixture): void {
  describe(`EventStore contract: ${name}`, () => {
    const opened: EventStore[] = [];
    const open = async (options?: { chainHash?: ChainAlgorithm }) => {
      const store = await fixture.open(options);
      opened.push(store);
      return store;
    };
    const links = async (store: EventStore) => {
      const all: ChainLink[] = [];
      for await (const link of store.chainLinks()) all.push(link);
      return all;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('stores a batch with consecutive versions and returns the full envelopes', async () => {
      const store = await open();
      const result = await store.append({
        streamId: 'case-1', streamType: 'case', expectedVersion: 0,
        events: [sampleEvent('e1', { n: 1 }), sampleEvent('e2', { n: 2 })],
      });
      expect(result.version).toBe(2);
      expect(result.replayed).toBe(false);
      const read = await store.readStream('case-1');
      expect(read).toEqual(result.events);
      expect(read.map((e) => [e.version, e.eventId])).toEqual([[1, 'e1'], [2, 'e2']]);
      expect(read[0]).toMatchObject({ ...sampleEvent('e1', { n: 1 }), streamType: 'case', sourceService: store.service });
      expect(await store.streamVersion('case-1')).toBe(2);
      expect(await store.streamVersion('nothing')).toBe(0);
      expect((await store.readStream('case-1', 2)).map((e) => e.eventId)).toEqual(['e2']);
    });

    it('rejects an append whose expected version is stale, and writes nothing', async () => {
      const store = await open();
      await store.append({ streamId: 's', streamType: 't', expectedVersion: 0, events: [sampleEvent('a')] });
      await expect(
        store.append({ streamId: 's', streamType: 't', expectedVersion: 0, events: [sampleEvent('b')] }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(
        store.append({ streamId: 's', streamType: 't', expectedVersion: 5, events: [sampleEvent('c')] }),
      ).rejects.toMatchObject({ expectedVersion: 5, actualVersion: 1 });
      expect((await store.readStream('s')).map((e) => e.eventId)).toEqual(['a']);
      await store.append({ streamId: 's', streamType: 't', expectedVersion: 'any', events: [sampleEvent('d')] });
      expect(await store.streamVersion('s')).toBe(2);
    });

    it('lets exactly one of many concurrent appends at the same version win', async () => {
      const store = await open();
      const attempts = Array.from({ length: 20 }, (_, i) =>
        store.append({ streamId: 'race', streamType: 't', expectedVersion: 0, events: [sampleEvent(`r${i}`)] }),
      );
      const outcomes = await Promise.allSettled(attempts);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const loss of lost) expect(loss.reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream('race')).toHaveLength(1);
    });

    it('answers a retried append with the same idempotency key with the first result, writing nothing', async () => {
      const store = await open();
      const first = await store.append({
        streamId: 'case-9', streamType: 'case', expectedVersion: 0, idempotencyKey: 'submit:req-1',
        events: [sampleEvent('x1'), sampleEvent('x2')],
      });
      const head = await store.headPosition();
      const retry = await store.append({
        streamId: 'case-9', streamType: 'case', expectedVersion: 0, idempotencyKey: 'submit:req-1',
        events: [sampleEvent('y1')],
      });
      expect(retry).toEqual({ ...first, replayed: true });
      // A concurrent duplicate that picked another stream id (a new case number) still gets the first case.
      const elsewhere = await store.append({
        streamId: 'case-10', streamType: 'case', expectedVersion: 0, idempotencyKey: 'submit:req-1',
        events: [sampleEvent('z1')],
      });
      expect(elsewhere.streamId).toBe('case-9');
      expect(await store.headPosition()).toBe(head);
      expect(await store.streamVersion('case-10')).toBe(0);
      expect(await store.findByIdempotencyKey('submit:req-1')).toEqual({ ...first, replayed: true, requestFingerprint: '' });
      expect(await store.findByIdempotencyKey('never-used')).toBeUndefined();
    });

    it('refuses a key reused for a different request (another fingerprint), and replays the same one', async () => {
      const store = await open();
      const first = await store.append({
        streamId: 'case-1', streamType: 'case', expectedVersion: 0, idempotencyKey: 'accept:clerk:r1', requestFingerprint: 'f-A',
        events: [sampleEvent('a1')],
      });
      const again = await store.append({
        streamId: 'case-1', streamType: 'case', expectedVersion: 1, idempotencyKey: 'accept:clerk:r1', requestFingerprint: 'f-A',
        events: [sampleEvent('a2')],
      });
      expect(again).toEqual({ ...first, replayed: true });
      await expect(
        store.append({
          streamId: 'case-2', streamType: 'case', expectedVersion: 0, idempotencyKey: 'accept:clerk:r1', requestFingerprint: 'f-B',
          events: [sampleEvent('b1')],
        }),
      ).rejects.toBeInstanceOf(AlreadyExistsError);
      expect(await store.streamVersion('case-2')).toBe(0);
      expect((await store.findByIdempotencyKey('accept:clerk:r1'))?.requestFingerprint).toBe('f-A');
    });

    it('lists every event once in the global feed, in commit order, page by page', async () => {
      const store = await open();
      const expected: string[] = [];
      for (let i = 0; i < 30; i++) {
        const id = `g${i}`;
        await store.append({ streamId: `s${i % 4}`, streamType: 't', expectedVersion: 'any', events: [sampleEvent(id)] });
        expected.push(id);
      }
      const seen: StoredEvent[] = [];
      for (let after = 0; ; ) {
        const page = await store.readAll(after, 7);
        if (page.length === 0) break;
        seen.push(...page);
        after = page[page.length - 1]!.position;
      }
      expect(seen.map((e) => e.eventId)).toEqual(expected);
      const positions = seen.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(positions.length);
      expect(await store.headPosition()).toBe(positions.at(-1));
    });

    it('follows the feed live after catching up, and stops when closed', async () => {
      const store = await open();
      await store.append({ streamId: 'a', streamType: 't', expectedVersion: 'any', events: [sampleEvent('old')] });
      const seen: string[] = [];
      let resolveSeen!: () => void;
      const allSeen = new Promise<void>((resolve) => (resolveSeen = resolve));
      const subscription = store.subscribe({ after: 0 }, async (batch) => {
        seen.push(...batch.map((e) => e.eventId));
        if (seen.length === 3) resolveSeen();
      });
      await store.append({ streamId: 'b', streamType: 't', expectedVersion: 'any', events: [sampleEvent('new1')] });
      await store.append({ streamId: 'a', streamType: 't', expectedVersion: 'any', events: [sampleEvent('new2')] });
      await allSeen;
      await subscription.close();
      await store.append({ streamId: 'a', streamType: 't', expectedVersion: 'any', events: [sampleEvent('late')] });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual(['old', 'new1', 'new2']);
    });

    it('redelivers a batch whose handler failed, never skipping it', async () => {
      const store = await open();
      await store.append({ streamId: 'a', streamType: 't', expectedVersion: 'any', events: [sampleEvent('only')] });
      let calls = 0;
      const handled = new Promise<void>((resolve) => {
        const subscription = store.subscribe({ after: 0 }, async () => {
          calls += 1;
          if (calls < 3) throw new Error('transient');
          resolve();
          void subscription.close();
        });
      });
      await handled;
      expect(calls).toBe(3);
    });

    it('keeps named checkpoints', async () => {
      const store = await open();
      expect(await store.loadCheckpoint('relay')).toBe(0);
      await store.saveCheckpoint('relay', 42);
      await store.saveCheckpoint('relay', 43);
      expect(await store.loadCheckpoint('relay')).toBe(43);
    });

    it('chains every event to the one before it in its stream and keeps each stream\'s head, through batches, replays and refusals', async () => {
      const store = await open();
      await store.append({ streamId: 'case-1', streamType: 'case', expectedVersion: 0, idempotencyKey: 'k1', events: [sampleEvent('a1', { n: 1 }), sampleEvent('a2', { n: 2 })] });
      await store.append({ streamId: 'case-2', streamType: 'case', expectedVersion: 0, events: [sampleEvent('b1')] });
      await store.append({ streamId: 'case-1', streamType: 'case', expectedVersion: 'any', events: [sampleEvent('a3')] });
      // None of these writes a link or moves a head.
      await store.append({ streamId: 'case-1', streamType: 'case', expectedVersion: 0, idempotencyKey: 'k1', events: [sampleEvent('x1')] });
      await store.append({ streamId: 'case-1', streamType: 'case', expectedVersion: 'any', events: [] });
      await expect(store.append({ streamId: 'case-2', streamType: 'case', expectedVersion: 0, events: [sampleEvent('x2')] })).rejects.toBeInstanceOf(ConcurrencyError);

      const report = await verifyStoreChain(store);
      expect(report).toMatchObject({ service: store.service, streams: 2, events: 4, breaks: [], missingPositions: 0 });
      const all = await links(store);
      // A stream's links come together, in version order, each with the event as readStream reads it.
      expect(all.map((link) => `${link.streamId}@${link.version}`).toSorted()).toEqual(['case-1@1', 'case-1@2', 'case-1@3', 'case-2@1']);
      const case1 = all.filter((link) => link.streamId === 'case-1');
      expect(all.slice(all.indexOf(case1[0]!), all.indexOf(case1[0]!) + 3)).toEqual(case1);
      expect(case1.map((link) => link.event)).toEqual(await store.readStream('case-1'));
      expect(report.heads.toSorted((a, b) => a.streamId.localeCompare(b.streamId))).toEqual([
        { streamId: 'case-1', version: 3, chainHash: case1[2]!.chainHash },
        { streamId: 'case-2', version: 1, chainHash: all.find((link) => link.streamId === 'case-2')!.chainHash },
      ]);
      expect(await store.streamChain('case-1')).toEqual({ links: case1, head: report.heads.find((head) => head.streamId === 'case-1') });
      expect(await store.streamChain('nothing')).toEqual({ links: [], head: undefined });
    });

    it('hashes the event exactly as stored, stream type and source service included, with the configured algorithm', async () => {
      for (const algorithm of ['sm3', 'sha256'] as const) {
        const store = await open({ chainHash: algorithm });
        await store.append({ streamId: 'ratings-9', streamType: 'ratings', expectedVersion: 0, events: [sampleEvent('r1', { level: 5 }), sampleEvent('r2', { level: 1 })] });
        const [first, second] = await store.readStream('ratings-9');
        const expectedFirst = chainHashOf(algorithm, genesisOf(algorithm, 'ratings-9'), first!);
        expect((await links(store)).map((link) => link.chainHash)).toEqual([expectedFirst, chainHashOf(algorithm, expectedFirst, second!)]);
      }
    });

    it('keeps the chain whole when appends to one stream race', async () => {
      const store = await open();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append({ streamId: 'race', streamType: 't', expectedVersion: 'any', events: [sampleEvent(`c${i}`), sampleEvent(`d${i}`)] })),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
      expect(won).toBeGreaterThan(0);
      expect(await verifyStoreChain(store)).toMatchObject({ streams: 1, events: won * 2, breaks: [], heads: [{ streamId: 'race', version: won * 2 }] });
    });

    it('continues a stream across a change of algorithm; each link keeps the one it was made with', async () => {
      const first = await fixture.openNamed('algorithm-change', { chainHash: 'sm3' });
      await first.append({ streamId: 's', streamType: 't', expectedVersion: 0, events: [sampleEvent('m1'), sampleEvent('m2')] });
      await first.close();
      const store = await fixture.openNamed('algorithm-change', { chainHash: 'sha256' });
      opened.push(store);
      await store.append({ streamId: 's', streamType: 't', expectedVersion: 2, events: [sampleEvent('m3')] });
      expect((await links(store)).map((link) => algorithmOf(link.chainHash))).toEqual(['sm3', 'sm3', 'sha256']);
      expect((await verifyStoreChain(store)).breaks).toEqual([]);
    });

    if (fixture.crash) {
      const crash = fixture.crash;
      it('keeps every acknowledged append and never a partial batch when the writer is SIGKILLed', async () => {
        const acked: Array<{ batch: number; streamId: string; version: number; size: number }> = [];
        let nextBatch = 0;
        for (let round = 0; round < 3; round++) {
          const lines = await runAndKill(crash.spawnWriter(nextBatch), 150 + round * 100);
          for (const line of lines) {
            const [, batch, streamId, version, size] = line.split(' ');
            acked.push({ batch: Number(batch), streamId: streamId!, version: Number(version), size: Number(size) });
          }
          // The killed writer may have committed batches it never acknowledged; start after them.
          const reopened = await crash.reopen();
          const all = await readEverything(reopened);
          await reopened.close();
          nextBatch = Math.max(nextBatch, ...all.map((e) => Number((e.payload as { batch: number }).batch) + 1));
        }
        expect(acked.length).toBeGreaterThan(100);

        const store = await crash.reopen();
        opened.push(store);
        const all = await readEverything(store);
        const byBatch = new Map<number, StoredEvent[]>();
        for (const event of all) {
          const { batch } = event.payload as { batch: number };
          byBatch.set(batch, [...(byBatch.get(batch) ?? []), event]);
        }
        for (const ack of acked) {
          const events = byBatch.get(ack.batch) ?? [];
          expect(events.map((e) => e.version)).toEqual(
            Array.from({ length: ack.size }, (_, i) => ack.version - ack.size + 1 + i),
          );
          expect(events.every((e) => e.streamId === ack.streamId)).toBe(true);
        }
        for (const [, events] of byBatch) {
          const { size } = events[0]!.payload as { size: number };
          expect(events).toHaveLength(size);
        }
        // The chains and heads were committed with their events: no kill left one behind or ahead.
        expect(await verifyStoreChain(store)).toMatchObject({ events: all.length, breaks: [], missingPositions: 0 });
      }, 60_000);
    }
  });
}

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of wholeFeed(store, 1000)) all.push(event);
  return all;
}

/** Starts the writer, lets it acknowledge at least `minAcks` appends, then SIGKILLs it. */
function runAndKill(spec: { command: string; args: string[] }, minAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line.startsWith('ack ')));
      if (lines.length >= minAcks) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`writer exited early (code ${code}): ${stderr}`));
    });
  });
}
