import { kafkaUnavailable } from '../../scripts/lib/kafka-mock-cluster.ts';

/** Says why a Kafka suite is skipped, so that a skip is never silent; true when it must be. */
export function skipWithoutKafka(suite: string): boolean {
  const why = kafkaUnavailable();
  if (why) process.stderr.write(`\n[SKIPPED] ${suite}: ${why}\n`);
  return why !== undefined;
}
