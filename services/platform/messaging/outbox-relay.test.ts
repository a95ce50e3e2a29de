import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../app/command-handler.ts';
import type { DeliveredMessage } from '../bus/event-bus.ts';
import { SqliteEventBus } from '../bus/sqlite-event-bus.ts';
import { createLogger } from '../logging/logger.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { sampleCodec, sampleContext, sampleDecider, sampleTopic } from '../testing/sample-domain.ts';
import { randomIds } from '../time/ids.ts';
import { fromBusMessage, messageHeaders } from './integration-message.ts';
import { startOutboxRelay } from './outbox-relay.ts';

const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('outbox relay', () => {
  it('publishes each stored event once, after commit, keyed by case, with the envelope and trace context', async () => {
    const store = new SqliteEventStore({ service: 'supervision', path: ':memory:' });
    const bus = new SqliteEventBus({ path: ':memory:', partitions: 3 });
    const handler = createCommandHandler({ store, codec: sampleCodec, decider: sampleDecider, ids: randomIds });
    const start = (n: number) => handler.handle({ streamId: `clock-${n}`, streamType: 'clock', command: { caseNumber: `${n}` }, context: sampleContext(`${n}`), now: new Date() });
    await start(1);
    let relay = await startOutboxRelay({ store, codec: sampleCodec, topic: sampleTopic, bus, logger });
    await start(2);

    const received: DeliveredMessage[] = [];
    const consumer = await bus.consume({ groupId: 'test', topics: [sampleTopic.name], handleBatch: async (batch) => void received.push(...batch) });
    await waitFor(() => received.length === 2);
    await relay.stop();
    // A restarted relay continues from its checkpoint: nothing is published twice.
    await start(3);
    relay = await startOutboxRelay({ store, codec: sampleCodec, topic: sampleTopic, bus, logger });
    await waitFor(() => received.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.map((m) => m.key).sort()).toEqual(['1', '2', '3']);
    expect(await relay.lag()).toBe(0);

    const event = fromBusMessage(sampleTopic, received[0]!);
    const stored = (await store.readAll(0, 10))[0]!;
    expect(event).toMatchObject({ eventId: stored.eventId, streamId: stored.streamId, version: 1, position: stored.position, sourceService: 'supervision' });
    expect(event.payload.$case).toBe('caseClockStarted');
    expect(received[0]!.headers[messageHeaders.eventId]).toBe(stored.eventId);
    expect(received[0]!.headers[messageHeaders.traceparent]).toBe(sampleContext('1').traceContext.traceparent);
    await consumer.stop();
    await relay.stop();
    await bus.close();
    await store.close();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 5000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
