import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommandHandler } from '../app/command-handler.ts';
import type { EventBus } from '../bus/event-bus.ts';
import { partitionOf } from '../bus/partition-of.ts';
import { SqliteEventBus } from '../bus/sqlite-event-bus.ts';
import { UnavailableError, ValidationError } from '../domain/errors.ts';
import { createLogger } from '../logging/logger.ts';
import { decodeStored, toBusMessage } from '../messaging/integration-message.ts';
import { SqliteReadModelStore } from '../readmodel/sqlite-read-model-store.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { sampleCodec, sampleContext, sampleDecider, type SamplePayload, sampleTopic } from '../testing/sample-domain.ts';
import { randomIds } from '../time/ids.ts';
import { decodeConsistencyToken, encodeConsistencyToken } from './consistency-token.ts';
import { NotYetApplicable } from './not-yet-applicable.ts';
import type { Projection } from './projection.ts';
import { ProjectionRunner } from './projection-runner.ts';

const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

const startedCases: Projection<SamplePayload> = {
  name: 'started-cases',
  collections: [{ name: 'started' }],
  async apply(event, tx) {
    await tx.put('started', { id: event.correlationId, at: event.occurredAt });
  },
};

describe('projection runner and consistency tokens', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setup() {
    const store = new SqliteEventStore({ service: 'supervision', path: ':memory:' });
    const readModels = new SqliteReadModelStore(join(mkdtempSync(join(tmpdir(), 'ow-runner-')), 'rm.sqlite'));
    const runner = new ProjectionRunner({ projection: startedCases, readModels, source: { kind: 'store', store, codec: sampleCodec }, logger });
    const handler = createCommandHandler({ store, codec: sampleCodec, decider: sampleDecider, ids: randomIds });
    cleanup.push(() => store.close(), () => readModels.close(), () => runner.stop());
    return { store, readModels, runner, handler };
  }

  it('answers a query with a token only once the write is applied', async () => {
    const { readModels, runner, handler } = await setup();
    const written = await handler.handle({ streamId: 'clock-9', streamType: 'clock', command: { caseNumber: '9' }, context: sampleContext('9'), now: new Date() });
    const waiting = runner.waitFor(decodeConsistencyToken(written.consistencyToken), 5000);
    await runner.start();
    await waiting;
    expect(await readModels.get('started', '9')).toBeDefined();
    expect(await runner.lag()).toBe(0);
  });

  it('refuses an event that skips a version of its stream instead of losing the one in between', async () => {
    const { store, readModels, runner, handler } = await setup();
    await readModels.define(startedCases.collections);
    await handler.handle({ streamId: 'clock-5', streamType: 'clock', command: { caseNumber: '5' }, context: sampleContext('5'), now: new Date() });
    const [first] = await store.readAll(0, 10);
    const decoded = { ...first!, payload: sampleCodec.decode({ eventType: first!.eventType, schemaVersion: first!.schemaVersion, data: first!.payload }) };
    await runner.applyBatch([decoded]);
    await expect(runner.applyBatch([{ ...decoded, eventId: 'later', version: 3 }])).rejects.toThrow(/clock-5 jumps from version 1 to 3/);
    await runner.applyBatch([{ ...decoded, eventId: 'next', version: 2 }]);
  });

  it('gives up after the bounded wait with UNAVAILABLE naming the view', async () => {
    const { runner } = await setup();
    await runner.start();
    const token = { service: 'supervision', streamId: 'clock-never', version: 1 };
    const started = Date.now();
    await expect(runner.waitFor(token, 150)).rejects.toThrow(UnavailableError);
    await expect(runner.waitFor(token, 50)).rejects.toThrow(/started-cases view has not caught up/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not wait for a token of a service that does not feed the view', async () => {
    const { runner } = await setup();
    await runner.waitFor({ service: 'approval', streamId: 'process-1', version: 99 }, 10_000);
  });

  it('rejects a malformed token as INVALID_ARGUMENT on the token field', () => {
    expect(() => decodeConsistencyToken('not-a-token')).toThrow(ValidationError);
    expect(() => decodeConsistencyToken('not-a-token')).toThrow(/consistency_token/);
    expect(decodeConsistencyToken('')).toBeUndefined();
    const token = { service: 'acceptance', streamId: 'case-1', version: 3 };
    expect(decodeConsistencyToken(encodeConsistencyToken(token))).toEqual(token);
  });
});

/** Case 'effect' is recorded only after case 'the-cause', which is published on another partition, later. */
const effectAfterCause: Projection<SamplePayload> = {
  name: 'effects-after-causes',
  collections: [{ name: 'recorded' }],
  async apply(event, tx) {
    if (event.correlationId === 'effect' && !(await tx.get('recorded', 'the-cause'))) throw new NotYetApplicable('effect waits for its cause');
    await tx.put('recorded', { id: event.correlationId });
  },
};

describe('projection runner on a bus, with an event that waits for its cause', () => {
  it('hands back the rest of a batch whose event waits long for its cause, and applies it once when the cause comes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-runner-bus-'));
    const store = new SqliteEventStore({ service: 'sample', path: ':memory:' });
    const readModels = new SqliteReadModelStore(join(dir, 'rm.sqlite'));
    const bus = new SqliteEventBus({ path: ':memory:', partitions: 4 });
    // What each delivery of a batch to the runner came back with: how many of its events it dealt with.
    const deliveries: Array<{ cases: string[]; handled: number }> = [];
    const watched: EventBus = Object.assign(Object.create(null), {
      keepsPublisherProgress: bus.keepsPublisherProgress,
      publish: bus.publish.bind(bus),
      publisherProgress: bus.publisherProgress.bind(bus),
      lag: bus.lag.bind(bus),
      close: bus.close.bind(bus),
      consume: (options: Parameters<EventBus['consume']>[0]) =>
        bus.consume({
          ...options,
          handleBatch: async (batch, signal) => {
            const handled = await options.handleBatch(batch, signal);
            deliveries.push({ cases: batch.map((message) => message.key), handled: handled ?? batch.length });
            return handled;
          },
        }),
    });
    const runner = new ProjectionRunner({ projection: effectAfterCause, readModels, source: { kind: 'bus', bus: watched, topics: [sampleTopic], groupId: 'sample.effects' }, logger });
    const handler = createCommandHandler({ store, codec: sampleCodec, decider: sampleDecider, ids: randomIds });
    const publishCase = async (caseNumber: string) => {
      await handler.handle({ streamId: `clock-${caseNumber}`, streamType: 'clock', command: { caseNumber }, context: sampleContext(caseNumber), now: new Date() });
      const stored = (await store.readAll(0, 100)).find((event) => event.correlationId === caseNumber)!;
      await bus.publish(sampleTopic.name, [toBusMessage(sampleTopic, decodeStored(sampleCodec, stored))]);
    };
    expect(partitionOf('the-cause', 4)).not.toBe(partitionOf('effect', 4));
    try {
      await publishCase('effect');
      await runner.start();
      await vi.waitFor(() => expect(deliveries).toContainEqual({ cases: ['effect'], handled: 0 }), { timeout: 10_000, interval: 10 });
      expect(await readModels.get('recorded', 'effect')).toBeUndefined();
      await publishCase('the-cause');
      await vi.waitFor(
        async () => {
          expect(await runner.lag()).toBe(0);
          expect(await readModels.get('recorded', 'effect')).toBeDefined();
        },
        { timeout: 10_000, interval: 10 },
      );
      expect(await readModels.find('recorded', { orderBy: [['id', 'asc']] })).toEqual([{ id: 'effect' }, { id: 'the-cause' }]);
    } finally {
      await runner.stop();
      await bus.close();
      await readModels.close();
      await store.close();
    }
  });
});
