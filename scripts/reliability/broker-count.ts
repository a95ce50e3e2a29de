import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { messageHeaders } from '../../services/platform/messaging/integration-message.ts';

/**
 * How many times each event id is on the topics, counted at the broker: a consumer group of its
 * own reads every partition from the start up to the end it had when the count began.
 */
export async function countAtBroker(brokers: readonly string[], topics: readonly string[], timeoutMs = 60_000): Promise<Map<string, number>> {
  const kafka = new Kafka({ clientId: 'onewindow-broker-count', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let expected = 0;
  try {
    for (const topic of topics) for (const partition of await admin.fetchTopicOffsets(topic)) expected += Number(partition.high) - Number(partition.low);
  } finally {
    await admin.disconnect();
  }
  const counts = new Map<string, number>();
  if (expected === 0) return counts;
  const consumer = kafka.consumer({ groupId: `broker-count-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`counted ${seen} of ${expected} messages at the broker in ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const id = message.headers?.[messageHeaders.eventId]?.toString() ?? '';
          counts.set(id, (counts.get(id) ?? 0) + 1);
          if (++seen >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return counts;
}
