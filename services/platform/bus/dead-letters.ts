import { metrics } from '@opentelemetry/api';
import type { BusMessage } from './event-bus.ts';

/**
 * Where a consumer group's messages go when every retry failed: its dead-letter topic, counted in
 * onewindow.bus.dead_letters by group. The group's count is reported from 0 as soon as it starts
 * consuming, so an alert on its increase (infra/prometheus/onewindow-alerts.yaml) has a series to
 * watch before the first one. Made when the group starts, after the process set up its metrics; the
 * meter is the API's (telemetry/ sits above the bus), named as telemetry/metrics.ts names them.
 */
export function deadLettersOf(group: string, publish: (message: BusMessage) => Promise<void>): (message: BusMessage) => Promise<void> {
  const counter = metrics.getMeter('onewindow.bus').createCounter('onewindow.bus.dead_letters', {
    description: 'Messages a consumer group moved to its dead-letter topic after every retry failed.',
    unit: '{message}',
  });
  const attributes = { 'messaging.consumer.group.name': group };
  counter.add(0, attributes);
  return async (message) => {
    await publish(message);
    counter.add(1, attributes);
  };
}
