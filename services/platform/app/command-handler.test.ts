import { describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '../domain/errors.ts';
import { decodeConsistencyToken } from '../projection/consistency-token.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { sequentialIds } from '../time/ids.ts';
import { sampleCodec, sampleContext, sampleDecider } from '../testing/sample-domain.ts';
import { createCommandHandler } from './command-handler.ts';

const now = new Date('2026-11-20T02:00:00Z');

function setup() {
  const store = new SqliteEventStore({ service: 'supervision', path: ':memory:' });
  const handler = createCommandHandler({ store, codec: sampleCodec, decider: sampleDecider, ids: sequentialIds('e') });
  const start = (key?: string) =>
    handler.handle({
      streamId: 'clock-1', streamType: 'clock', command: { caseNumber: '1' }, context: sampleContext('1'), now,
      ...(key ? { idempotencyKey: key } : {}),
    });
  return { store, handler, start };
}

describe('command handler', () => {
  it('stores the decided events with the full envelope and answers with a consistency token', async () => {
    const { start, store } = setup();
    const result = await start('k1');
    expect(result.replayed).toBe(false);
    expect(result.events[0]).toMatchObject({ eventId: 'e-1', version: 1, occurredAt: now.toISOString(), correlationId: '1', sourceService: 'supervision' });
    expect(result.events[0]!.payload.$case).toBe('caseClockStarted');
    expect(decodeConsistencyToken(result.consistencyToken)).toEqual({ service: 'supervision', streamId: 'clock-1', version: 1 });
    expect(await store.headPosition()).toBe(1);
  });

  it('answers a retry with the same key with the first result and writes nothing, even though deciding again would fail', async () => {
    const { start, store } = setup();
    const first = await start('k1');
    const retry = await start('k1');
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await store.headPosition()).toBe(1);
    await expect(start('k2')).rejects.toBeInstanceOf(FailedPreconditionError);
  });

  it('re-decides a command that lost a race, so the loser gets the domain\'s answer, not a conflict', async () => {
    const { start, store } = setup();
    const outcomes = await Promise.allSettled([start('a'), start('b'), start('c')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
      expect(outcome.reason).toBeInstanceOf(FailedPreconditionError);
    }
    expect(await store.readStream('clock-1')).toHaveLength(1);
  });
});
