/**
 * A relay process that dies at the worst moment: after publishing a batch, before saving its
 * checkpoint (SIGKILL to itself). Used by the relay crash test.
 *   node test/support/relay-that-dies.ts <store path> <"kafka:" brokers "|" namespace | "embedded:" bus path>
 */
import { Writable } from 'node:stream';
import type { EventBus } from '../../services/platform/bus/event-bus.ts';
import { KafkaEventBus } from '../../services/platform/bus/kafka-event-bus.ts';
import { SqliteEventBus } from '../../services/platform/bus/sqlite-event-bus.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import { startOutboxRelay } from '../../services/platform/messaging/outbox-relay.ts';
import type { EventStore } from '../../services/platform/store/event-store.ts';
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
  const dying = new Proxy(store, {
    get(target, property) {
      if (property === 'saveCheckpoint') {
        return async (name: string, position: number) => {
          if (name.startsWith('relay:')) process.kill(process.pid, 'SIGKILL');
          return target.saveCheckpoint(name, position);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as EventStore;
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  await startOutboxRelay({ store: dying, codec: sampleCodec, topic: sampleTopic, bus: busFrom(busSpec), logger });
}
