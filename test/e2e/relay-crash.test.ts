import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KafkaCluster, startKafkaCluster } from '../../scripts/lib/kafka-mock-cluster.ts';
import { createCommandHandler } from '../../services/platform/app/command-handler.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import { startOutboxRelay } from '../../services/platform/messaging/outbox-relay.ts';
import { ProjectionRunner } from '../../services/platform/projection/projection-runner.ts';
import type { Projection } from '../../services/platform/projection/projection.ts';
import { SqliteReadModelStore } from '../../services/platform/readmodel/sqlite-read-model-store.ts';
import { SqliteEventStore } from '../../services/platform/store/sqlite-event-store.ts';
import { sampleCodec, sampleContext, sampleDecider, sampleTopic, type SamplePayload } from '../../services/platform/testing/sample-domain.ts';
import { randomIds } from '../../services/platform/time/ids.ts';
import { startChild } from '../support/child-process.ts';
import { skipWithoutKafka } from '../support/kafka-suite.ts';
import { busFrom } from '../support/relay-that-dies.ts';
import { waitUntil } from '../support/test-platform.ts';

const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const EVENTS = 12;

/** Downstream: counts how often each event was applied; a duplicate effect would count 2. */
const applications: Projection<SamplePayload> = {
  name: 'applications',
  collections: [{ name: 'applied' }],
  async apply(event, tx) {
    const earlier = await tx.get<{ id: string; times: number }>('applied', event.eventId);
    await tx.put('applied', { id: event.eventId, times: (earlier?.times ?? 0) + 1 });
  },
};

async function relayKilledAfterItsPublish(busSpec: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ow-relay-crash-'));
  const storePath = join(dir, 'events.sqlite');
  const store = new SqliteEventStore({ service: 'supervision', path: storePath });
  const clocks = createCommandHandler({ store, codec: sampleCodec, decider: sampleDecider, ids: randomIds });
  for (let n = 1; n <= EVENTS; n++) {
    await clocks.handle({ streamId: `clock-${n}`, streamType: 'clock', command: { caseNumber: `${n}` }, context: sampleContext(`${n}`), now: new Date() });
  }
  await store.close();

  // The relay publishes, then is killed at once.
  const dying = startChild(process.execPath, ['test/support/relay-that-dies.ts', storePath, busSpec]);
  expect((await dying.exited).signal).toBe('SIGKILL');
  const reopened = new SqliteEventStore({ service: 'supervision', path: storePath });
  expect(await reopened.loadCheckpoint(`relay:${sampleTopic.name}`)).toBe(0);

  // Restarted, it goes on from where it knows it got: the bus's record, or its own checkpoint.
  const bus = busFrom(busSpec);
  const relay = await startOutboxRelay({ store: reopened, codec: sampleCodec, topic: sampleTopic, bus, logger });
  await waitUntil('the relay to catch up', async () => (await relay.lag()) === 0, 60_000);
  const raw: string[] = [];
  const rawConsumer = await bus.consume({ groupId: 'raw', topics: [sampleTopic.name], handleBatch: async (batch) => void raw.push(...batch.map((m) => m.headers['ow-event-id'] ?? '')) });
  await waitUntil('every published copy', async () => raw.length >= (bus.keepsPublisherProgress ? 1 : 2) * EVENTS, 60_000);
  // Nothing more arrives: a copy too many would show here.
  await new Promise((resolve) => setTimeout(resolve, 500));

  // Downstream, every event has had its effect once.
  const readModels = new SqliteReadModelStore(join(dir, 'readmodels.sqlite'));
  const downstream = new ProjectionRunner<SamplePayload>({ projection: applications, readModels, source: { kind: 'bus', bus, topics: [sampleTopic], groupId: 'downstream' }, logger });
  await downstream.start();
  await waitUntil('downstream to catch up', async () => (await downstream.lag()) === 0, 60_000);
  const applied = await readModels.find<{ id: string; times: number }>('applied');
  const result = { published: raw.length, distinct: new Set(raw).size, applied: applied.length, times: new Set(applied.map((a) => a.times)) };
  await downstream.stop();
  await rawConsumer.stop();
  await relay.stop();
  await bus.close();
  await readModels.close();
  await reopened.close();
  return result;
}

describe('a relay killed the moment its publish returned', () => {
  it('publishes each event once on the embedded bus, which recorded its progress with the messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-relay-bus-'));
    const result = await relayKilledAfterItsPublish(`embedded:${join(dir, 'bus.sqlite')}`);
    expect(result).toEqual({ published: EVENTS, distinct: EVENTS, applied: EVENTS, times: new Set([1]) });
  }, 60_000);

  describe.skipIf(skipWithoutKafka('relay crash on Kafka'))('on Kafka', () => {
    let cluster: KafkaCluster;
    beforeAll(async () => {
      cluster = await startKafkaCluster(3);
    });
    afterAll(() => cluster?.stop());

    it('republishes on restart, before its checkpoint was saved, with no duplicate effect downstream (Kafka)', async () => {
      const namespace = `${randomUUID().slice(0, 8)}.`;
      await cluster.command?.(`topic ${namespace}${sampleTopic.name} 4`);
      const result = await relayKilledAfterItsPublish(`kafka:${cluster.brokers.join(',')}|${namespace}`);
      expect(result).toEqual({ published: 2 * EVENTS, distinct: EVENTS, applied: EVENTS, times: new Set([1]) });
    }, 120_000);
  });
});
