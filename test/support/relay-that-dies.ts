/**
 * A relay process that dies at the worst moment: the moment its first publish returned (SIGKILL to
 * itself). On Kafka that is before it saved its checkpoint in the store; on the embedded bus the
 * progress was recorded with the messages. Used by the relay crash test.
 *   node test/support/relay-that-dies.ts <store path> <"kafka:" brokers "|" namespace | "embedded:" bus path>
 */
import { Writable } from 'node:stream';
import type { EventBus } from '../../services/platform/bus/event-bus.ts';
import { KafkaEventBus } from '../../services/platform/bus/kafka-event-bus.ts';
import { SqliteEventBus } from '../../services/platform/bus/sqlite-event-bus.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import { startOutboxRelay } from '../../services/platform/messaging/outbox-relay.ts';
import { SqliteEventStore } from '../../services/platform/store/sqlite-event-store.ts';
import { sampleCodec, sampleTopic } from '../../services/platform/testing/sample-domain.ts';

const [storePath, busSpec] = process.argv.slice(2) as [string, string];
export function busFrom(spec: string): EventBus {
  if (spec.startsWith('kafka:')) {
    const [brokers, namespace] = spec.slice('kafka:'.length).split('|') as [string, string];
    return new KafkaEventBus({ brokers: brokers.split(','), clientId: 'relay-crash', idempotent: false, namespace });
  }
  return new SqliteEventBus({ path: spec.slice('embedded:'.length), partitions: 4 });
}

if (storePath && busSpec) {
  const store = new SqliteEventStore({ service: 'supervision', path: storePath });
  const bus = busFrom(busSpec);
  const dying = new Proxy(bus, {
    get(target, property) {
      if (property === 'publish') {
        return async (...args: Parameters<EventBus['publish']>) => {
          await target.publish(...args);
          process.kill(process.pid, 'SIGKILL');
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as EventBus;
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  await startOutboxRelay({ store, codec: sampleCodec, topic: sampleTopic, bus: dying, logger });
}
