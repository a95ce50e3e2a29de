import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type KafkaCluster, startKafkaCluster } from '../../../scripts/lib/kafka-mock-cluster.ts';
import { skipWithoutKafka } from '../../../test/support/kafka-suite.ts';
import { eventBusContract } from './event-bus.contract.ts';
import { KafkaEventBus } from './kafka-event-bus.ts';

const skip = skipWithoutKafka('EventBus contract on Kafka');
// Group joins and rebalances take seconds on Kafka; the contract's tests allow for them.
vi.setConfig({ testTimeout: 90_000 });

describe.skipIf(skip)('Kafka event bus', () => {
  let cluster: KafkaCluster;
  const run = randomUUID().slice(0, 8);
  beforeAll(async () => {
    cluster = await startKafkaCluster(3);
  });
  afterAll(() => cluster?.stop());

  const open = async (name: string) => {
    const namespace = `${run}.${name}.`;
    // Topics exist before anyone subscribes, as the manifests make them in production.
    for (const topic of [name, 'g.dlq']) await cluster.command?.(`topic ${namespace}${topic} 4`);
    return new KafkaEventBus({ brokers: cluster.brokers, clientId: `contract-${name}`, idempotent: false, namespace });
  };
  eventBusContract('Kafka (librdkafka mock cluster, kafkajs)', { open, reopen: open, settleMs: 60_000 });

  it('goes on consuming when a commit is refused because the group is rebalancing', async () => {
    const bus = await open('refused-commit');
    const handled: string[] = [];
    const failures: unknown[] = [];
    const consumer = await bus.consume({
      groupId: 'g',
      topics: ['refused-commit'],
      onFailure: (error) => failures.push(error),
      handleBatch: async (batch) => {
        for (const m of batch) handled.push(new TextDecoder().decode(m.value));
      },
    });
    try {
      const publish = (body: string) => bus.publish('refused-commit', [{ key: 'case-1', value: new TextEncoder().encode(body), headers: {} }]);
      await publish('1');
      await vi.waitFor(() => expect(handled).toContain('1'), { timeout: 30_000, interval: 20 });
      // The coordinator answers the next commit (API key 8) with REBALANCE_IN_PROGRESS (27), as
      // a member's commit is answered while another member joins or leaves.
      await cluster.command!('errors 8 1 27');
      await publish('2');
      await vi.waitFor(() => expect(handled).toContain('2'), { timeout: 30_000, interval: 20 });
      await publish('3');
      await vi.waitFor(() => expect(handled).toContain('3'), { timeout: 30_000, interval: 20 });
      await vi.waitFor(async () => expect(await bus.lag('g', ['refused-commit'])).toBe(0), { timeout: 30_000, interval: 100 });
      expect(failures).toEqual([]);
    } finally {
      await consumer.stop();
      await bus.close();
    }
  });

  it('replaces a member that crashed on an error kafkajs deems final, and goes on consuming', async () => {
    const bus = await open('final-error');
    const handled: string[] = [];
    const failures: unknown[] = [];
    const consumer = await bus.consume({
      groupId: 'g',
      topics: ['final-error'],
      onFailure: (error) => failures.push(error),
      handleBatch: async (batch) => {
        for (const m of batch) handled.push(new TextDecoder().decode(m.value));
      },
    });
    try {
      const publish = (body: string) => bus.publish('final-error', [{ key: 'case-1', value: new TextEncoder().encode(body), headers: {} }]);
      await publish('1');
      await vi.waitFor(() => expect(handled).toContain('1'), { timeout: 30_000, interval: 20 });
      // The next commit is answered INVALID_REQUEST (42), as the mock cluster answers a SyncGroup
      // that raced a rebalance: kafkajs ends the member for good, without asking restartOnFailure.
      await cluster.command!('errors 8 1 42');
      await publish('2');
      await vi.waitFor(() => expect(handled).toContain('2'), { timeout: 30_000, interval: 20 });
      await publish('3');
      await vi.waitFor(() => expect(handled).toContain('3'), { timeout: 60_000, interval: 20 });
      await vi.waitFor(async () => expect(await bus.lag('g', ['final-error'])).toBe(0), { timeout: 30_000, interval: 100 });
      expect(failures).toEqual([]);
    } finally {
      await consumer.stop();
      await bus.close();
    }
  }, 120_000);
});
