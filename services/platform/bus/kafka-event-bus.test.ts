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

  it('aborts a batch held across a rebalance and leaves it to the partition\'s next owner', async () => {
    const bus = await open('held');
    await bus.publish('held', [{ key: 'case-1', value: new TextEncoder().encode('held'), headers: {} }]);
    let aborted = false;
    const handledBy: string[] = [];
    const member = (id: string, hold: boolean) =>
      bus.consume({
        groupId: 'g',
        topics: ['held'],
        handleBatch: async (_batch, signal) => {
          if (hold && !aborted) {
            // A projection waiting for an event it needs first: until the signal says stop.
            await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
            aborted = true;
            throw new Error('gave the batch up');
          }
          handledBy.push(id);
        },
      });
    const a = await member('a', true);
    const b = await member('b', false);
    await waitFor(async () => handledBy.length > 0, 60_000);
    expect(aborted).toBe(true);
    expect(handledBy).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
    await bus.close();
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
