import { join } from 'node:path';
import type { EventBus } from '../platform/bus/event-bus.ts';
import { KafkaEventBus } from '../platform/bus/kafka-event-bus.ts';
import { SqliteEventBus } from '../platform/bus/sqlite-event-bus.ts';
import type { Logger } from '../platform/logging/logger.ts';
import type { Configuration } from './configuration.ts';

/**
 * How the services of this process meet the others, by OW_BUS: the embedded bus (one file, which
 * the threads of the threaded all-in-one share), or Kafka.
 */
export function busOf(config: Configuration, clientName: string, logger: Logger, options: { sharedByThreads: boolean }): EventBus {
  if (config.OW_BUS === 'embedded') {
    return new SqliteEventBus({ path: join(config.OW_DATA_DIR, 'bus', 'bus.sqlite'), partitions: config.OW_BUS_PARTITIONS, sharedByThreads: options.sharedByThreads });
  }
  return new KafkaEventBus({
    brokers: config.OW_KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
    clientId: `onewindow-${clientName}`,
    idempotent: config.OW_KAFKA_IDEMPOTENT,
    sessionTimeoutMs: config.OW_KAFKA_SESSION_TIMEOUT_MS,
    namespace: config.OW_KAFKA_NAMESPACE,
    ...(config.OW_KAFKA_CREATE_TOPICS ? { createTopicsWithPartitions: config.OW_BUS_PARTITIONS } : {}),
    ssl: config.OW_KAFKA_SSL,
    ...(config.OW_KAFKA_SASL_MECHANISM
      ? { sasl: { mechanism: config.OW_KAFKA_SASL_MECHANISM, username: config.OW_KAFKA_SASL_USERNAME, password: config.OW_KAFKA_SASL_PASSWORD } }
      : {}),
    logger,
  });
}
