import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { acceptanceCodec } from '../../../services/acceptance/app/acceptance-codec.ts';
import { KafkaEventBus } from '../../../services/platform/bus/kafka-event-bus.ts';
import type { JsonValue, NewEvent } from '../../../services/platform/events/envelope.ts';
import { decodeStored, messageHeaders, toBusMessage } from '../../../services/platform/messaging/integration-message.ts';
import { startOutboxRelay } from '../../../services/platform/messaging/outbox-relay.ts';
import { acceptanceTopic } from '../../../services/contracts/topics.ts';
import { SqliteEventStore } from '../../../services/platform/store/sqlite-event-store.ts';
import { kafkaUnavailable, startKafkaCluster } from '../../lib/kafka-mock-cluster.ts';
import { type CaseTemplate, writeCopies } from '../case-events.ts';
import { progress, silentLogger, temporaryDirectory } from '../fixtures.ts';
import type { Row } from '../report.ts';
import { Samples } from '../stats.ts';

const PARTITIONS = 4;

/**
 * On librdkafka's mock cluster (three brokers): the outbox relay publishing a backlog of stored
 * events, against kafkajs sending the same messages in the same batches; then the end-to-end lag
 * from a store append to the bus consumer's handler, against kafkajs produce → consume.
 */
export async function measureKafka(template: CaseTemplate, settings: { events: number; lagSamples: number }, rows: Row[]): Promise<void> {
  const why = kafkaUnavailable();
  if (why) {
    process.stderr.write(`\n[bench] SKIPPED the Kafka phase: ${why}\n\n`);
    rows.push(
      { phase: 'kafka', metric: 'relay publish rate (Kafka mock cluster)', unit: 'events/s', ours: undefined, baseline: undefined, baselineName: '', skipped: why },
      { phase: 'kafka', metric: 'end-to-end lag, append → consumer (Kafka)', unit: 'ms', ours: undefined, baseline: undefined, baselineName: '', skipped: why },
    );
    return;
  }
  progress(`kafka: starting the mock cluster; relay backlog of ${settings.events.toLocaleString('en')} events, then ${settings.lagSamples} lag samples`);
  const cluster = await startKafkaCluster(3);
  const namespace = `bench${Date.now().toString(36)}.`;
  const dir = temporaryDirectory('kafka');
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: cluster.brokers, logLevel: logLevel.NOTHING });
  try {
    for (const topic of [acceptanceTopic.name, 'raw-publish', 'raw-lag']) await cluster.command?.(`topic ${namespace}${topic} ${PARTITIONS}`);
    const storePath = join(dir, 'events.sqlite');
    const written = await writeCopies(storePath, template, settings.events);
    const store = new SqliteEventStore({ service: 'acceptance', path: storePath });
    const bus = new KafkaEventBus({ brokers: cluster.brokers, clientId: 'bench', idempotent: false, namespace, logger: silentLogger });

    // The relay from checkpoint 0 over the backlog.
    const relayStarted = performance.now();
    const relay = await startOutboxRelay({ store, codec: acceptanceCodec, topic: acceptanceTopic, bus, logger: silentLogger });
    while ((await relay.lag()) > 0) await delay(10);
    const relayRate = (written * 1000) / (performance.now() - relayStarted);

    // kafkajs alone, the same messages in the relay's batches (500), acks from all replicas.
    const messages = (await store.readAll(0, settings.events)).map((stored) => toBusMessage(acceptanceTopic, decodeStored(acceptanceCodec, stored)));
    const producer = kafka.producer({ maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const rawStarted = performance.now();
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({
        topic: `${namespace}raw-publish`,
        acks: -1,
        messages: messages.slice(i, i + 500).map((m) => ({ key: m.key, value: Buffer.from(m.value), headers: { ...m.headers } })),
      });
    }
    const rawRate = (messages.length * 1000) / (performance.now() - rawStarted);
    rows.push({
      phase: 'kafka',
      metric: 'relay publish rate (Kafka mock cluster)',
      unit: 'events/s',
      ours: relayRate,
      baseline: rawRate,
      baselineName: 'kafkajs producer, same messages, batches of 500, acks=-1',
      note: `${written.toLocaleString('en')} events`,
    });

    // End-to-end: append one event at a time; the bus consumer (as projections and reactions consume) hears it.
    const appendedAt = new Map<string, number>();
    const ourLag = new Samples();
    let backlog = 0;
    const consumer = await bus.consume({
      groupId: 'bench-lag',
      topics: [acceptanceTopic.name],
      handleBatch: async (batch) => {
        const now = performance.now();
        for (const message of batch) {
          const at = appendedAt.get(message.headers[messageHeaders.eventId] ?? '');
          if (at === undefined) backlog += 1;
          else ourLag.add(now - at);
        }
      },
    });
    while (backlog < written) await delay(20);
    const sample = await store.readAll(0, 1);
    const base = sample[0]!;
    const event = (n: number): NewEvent => ({
      eventId: `lag-${n}`,
      eventType: base.eventType,
      schemaVersion: base.schemaVersion,
      occurredAt: base.occurredAt,
      correlationId: `lag-case-${n}`,
      causationId: base.causationId,
      actor: base.actor,
      regionCode: base.regionCode,
      traceContext: base.traceContext,
      payload: base.payload as JsonValue,
    });
    for (let n = 0; n < settings.lagSamples; n++) {
      const appended = store.append({ streamId: `case-lag-${n}`, streamType: 'case', expectedVersion: 0, events: [event(n)] });
      appendedAt.set(`lag-${n}`, performance.now());
      await appended;
      await delay(10);
    }
    for (const started = performance.now(); ourLag.count < settings.lagSamples && performance.now() - started < 30_000; ) await delay(20);

    // kafkajs alone: send one message, a consumer with the bus's fetch settings receives it.
    const rawLag = new Samples();
    const sentAt = new Map<string, number>();
    const rawConsumer = kafka.consumer({ groupId: `${namespace}raw-lag`, maxWaitTimeInMs: 500, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await rawConsumer.connect();
    await rawConsumer.subscribe({ topics: [`${namespace}raw-lag`], fromBeginning: true });
    await rawConsumer.run({
      eachMessage: async ({ message }) => {
        const at = sentAt.get(message.key?.toString() ?? '');
        if (at !== undefined) rawLag.add(performance.now() - at);
      },
    });
    await delay(3_000); // the group's first join
    const one = messages[0]!;
    for (let n = 0; n < settings.lagSamples; n++) {
      const key = `lag-${n}`;
      sentAt.set(key, performance.now());
      await producer.send({ topic: `${namespace}raw-lag`, acks: -1, messages: [{ key, value: Buffer.from(one.value), headers: { ...one.headers } }] });
      await delay(10);
    }
    for (const started = performance.now(); rawLag.count < settings.lagSamples && performance.now() - started < 30_000; ) await delay(20);

    const note = `${ourLag.count} of ${settings.lagSamples} events heard, one append every ~10 ms`;
    rows.push(
      { phase: 'kafka', metric: 'end-to-end lag p50, append → consumer (Kafka)', unit: 'ms', ours: ourLag.percentile(50), baseline: rawLag.percentile(50), baselineName: 'kafkajs send → eachMessage, same fetch wait', note },
      { phase: 'kafka', metric: 'end-to-end lag p99, append → consumer (Kafka)', unit: 'ms', ours: ourLag.percentile(99), baseline: rawLag.percentile(99), baselineName: 'kafkajs send → eachMessage' },
    );
    await rawConsumer.disconnect();
    await producer.disconnect();
    await consumer.stop();
    await relay.stop();
    await bus.close();
    await store.close();
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
