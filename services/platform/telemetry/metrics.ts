import { type Attributes, type Meter, type ObservableResult, metrics } from '@opentelemetry/api';
import type { ReadModelReader, Where } from '../readmodel/read-model-store.ts';
import type { Stoppable } from '../async/background-work.ts';

/**
 * OneWindow's own metrics, per service as meter "onewindow.<service>". Exported by whatever the
 * process registered (OTLP or Prometheus, see start-telemetry.ts); without an SDK they cost
 * nothing. Labels hold codes and names of things (method, state, channel), never a person.
 */
export function meterOf(service: string): Meter {
  return metrics.getMeter(`onewindow.${service}`);
}

/** A gauge read when the exporter collects, from a read model or a lag: what a service reports. */
export interface GaugeSpec {
  readonly name: string;
  readonly description: string;
  readonly unit?: string;
  readonly read: () => Promise<ReadonlyArray<readonly [value: number, attributes: Attributes]>>;
}

/**
 * Registers a service's gauges until stopped. A read that fails is skipped for that round (a read
 * model being rebuilt, a broker away) rather than failing the whole collection.
 */
export function observeGauges(service: string, gauges: readonly GaugeSpec[]): Stoppable {
  const meter = meterOf(service);
  const removals = gauges.map((spec) => {
    const gauge = meter.createObservableGauge(spec.name, { description: spec.description, ...(spec.unit ? { unit: spec.unit } : {}) });
    const callback = async (result: ObservableResult) => {
      try {
        for (const [value, attributes] of await spec.read()) result.observe(value, attributes);
      } catch {
        // Not observable this round; the next collection tries again.
      }
    };
    gauge.addCallback(callback);
    return () => gauge.removeCallback(callback);
  });
  return { stop: async () => removals.forEach((remove) => remove()) };
}

/**
 * A gauge counting a read model's documents per value of one field ("cases by state"): one count
 * per value, on the field's index. Read models are rebuilt from events, so these numbers survive
 * restarts and replays unchanged, unlike counters kept in memory.
 */
export function countsByField(options: {
  name: string;
  description: string;
  unit: string;
  readModels: ReadModelReader;
  collection: string;
  field: string;
  values: readonly string[];
  label: string;
  where?: Where;
}): GaugeSpec {
  const { readModels, collection, field, label } = options;
  return {
    name: options.name,
    description: options.description,
    unit: options.unit,
    read: () => Promise.all(options.values.map(async (value) => [await readModels.count(collection, { ...options.where, [field]: value }), { [label]: value }] as const)),
  };
}

/** The values of a generated proto enum that a document can hold. */
export function enumValues(protoEnum: Readonly<Record<string, string>>): string[] {
  return Object.values(protoEnum).filter((value) => !value.endsWith('_UNSPECIFIED') && value !== 'UNRECOGNIZED');
}
