import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, vi } from 'vitest';
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
});
