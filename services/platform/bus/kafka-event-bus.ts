import { type Admin, type Consumer as KafkaConsumer, type EachBatchPayload, Kafka, type KafkaConfig, Partitioners, type SASLOptions, logLevel, type Producer } from 'kafkajs';
import type { Logger } from '../logging/logger.ts';
import { deliverWithRetry } from './deliver-with-retry.ts';
import { deadLettersOf } from './dead-letters.ts';
import {
  type BusMessage,
  type Consumer,
  type ConsumerOptions,
  type DeliveredMessage,
  type EventBus,
  type PublisherProgress,
  type RetryPolicy,
  defaultRetryPolicy,
} from './event-bus.ts';

export interface KafkaEventBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** How long a silent member keeps its partitions (default 10 s): what a killed pod's partitions wait. */
  readonly sessionTimeoutMs?: number;
  /**
   * The idempotent producer (exactly one copy per send, in order, across broker retries). On in
   * production; librdkafka's mock cluster, which the tests use, cannot serve it.
   */
  readonly idempotent: boolean;
  /** Put before every topic and group name: keeps environments (or tests) apart on shared brokers. */
  readonly namespace?: string;
  /** Partitions of the topics this bus creates; none are created when undefined (manifests do it). */
  readonly createTopicsWithPartitions?: number;
  /** TLS to the brokers, with the system's trusted CAs. */
  readonly ssl?: boolean;
  /** SASL authentication (a Strimzi KafkaUser in production). */
  readonly sasl?: SASLOptions;
  readonly logger?: Logger;
}

/**
 * The event-bus port on Kafka (kafkajs): a topic per service, the case number as key (so one case's
 * events keep their order within one partition), acks from all in-sync replicas, a consumer group
 * per service and reaction that commits a partition's offsets only after its batch was handled (or
 * dead-lettered), and that finishes its batch before leaving the group. Kafka's group names are
 * "<group>@<topic>" (see #groupOf).
 */
/** New members a consumer may start in a row after crashes kafkajs deems final, before it is given up. */
const MEMBER_RESTARTS = 5;

export class KafkaEventBus implements EventBus {
  readonly #kafka: Kafka;
  readonly #options: KafkaEventBusOptions;
  readonly #producer: Producer;
  readonly #admin: Admin;
  readonly #consumers = new Set<KafkaConsumer>();
  readonly #stops = new Set<() => Promise<void>>();
  #connected: Promise<void> | undefined;
  readonly #createdTopics = new Set<string>();

  constructor(options: KafkaEventBusOptions) {
    this.#options = options;
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: [...options.brokers],
      ssl: options.ssl ?? false,
      ...(options.sasl ? { sasl: options.sasl } : {}),
      // Connection and request retries: kafkajs retries with back-off; a send that still fails is
      // retried by the relay from its checkpoint.
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 },
      logLevel: logLevel.WARN,
      // kafkajs's own lines carry its namespace (Connection, Consumer, ...) in the `kafka` field.
      logCreator: () => ({ namespace, level, log }) => {
        const fields = { kafka: namespace, error: log.error };
        if (level <= logLevel.ERROR) options.logger?.error(fields, log.message);
        else if (level === logLevel.WARN) options.logger?.warn(fields, log.message);
      },
    };
    this.#kafka = new Kafka(config);
    this.#producer = this.#kafka.producer({
      idempotent: options.idempotent,
      // One request in flight keeps per-key order through retries; kafkajs cannot reorder
      // idempotent sequences after a failed request (tulios/kafkajs#980), so 1 in both modes.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      // murmur2 over the key, as Java clients partition: every client puts a case on one partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.#admin = this.#kafka.admin();
  }

  #name(topic: string): string {
    return `${this.#options.namespace ?? ''}${topic}`;
  }

  /** Connects once; a failed attempt is forgotten, so the next call tries again. */
  #connect(): Promise<void> {
    this.#connected ??= Promise.all([this.#producer.connect(), this.#admin.connect()]).then(
      () => undefined,
      (error: unknown) => {
        this.#connected = undefined;
        throw error;
      },
    );
    return this.#connected;
  }

  async #ensureTopics(topics: readonly string[]): Promise<void> {
    const partitions = this.#options.createTopicsWithPartitions;
    const missing = topics.map((topic) => this.#name(topic)).filter((topic) => !this.#createdTopics.has(topic));
    if (partitions === undefined || missing.length === 0) return;
    await this.#admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: partitions })) });
    for (const topic of missing) this.#createdTopics.add(topic);
  }

  /** Kafka keeps no publisher's progress: an outbox relay keeps its own, after the broker acknowledged. */
  readonly keepsPublisherProgress = false;

  async publisherProgress(): Promise<undefined> {
    return undefined;
  }

  async publish(topic: string, messages: readonly BusMessage[], progress?: PublisherProgress): Promise<void> {
    if (progress) throw new Error('the Kafka bus keeps no publisher progress: record it elsewhere');
    if (messages.length === 0) return;
    await this.#connect();
    await this.#ensureTopics([topic]);
    await this.#producer.send({
      topic: this.#name(topic),
      acks: -1,
      messages: messages.map((message) => ({ key: message.key, value: Buffer.from(message.value), headers: { ...message.headers } })),
    });
  }

  /**
   * Kafka's consumer group for one of the port's groups and one topic. A kafkajs consumer fetches
   * again only when every batch of its last fetch is done, and a projection may hold a batch until
   * an event of another topic arrives (a notification waits for the acceptance event it answers);
   * with one consumer per topic, no topic's batch can hold back another topic's fetch.
   */
  #groupOf(groupId: string, topic: string): string {
    return `${this.#name(groupId)}@${topic}`;
  }

  async consume(options: ConsumerOptions): Promise<Consumer> {
    await this.#connect();
    await this.#ensureTopics(options.topics);
    const policy = { ...defaultRetryPolicy, ...options.retry };
    const deadLetterTopic = options.deadLetterTopic ?? `${options.groupId}.dlq`;
    const deadLetter = deadLettersOf(options.groupId, (message) => this.publish(deadLetterTopic, [message]));
    const stopping = new AbortController();
    const inFlight = new Set<Promise<void>>();
    const consumers = await Promise.all(options.topics.map((topic) => this.#consumeTopic(topic, options, policy, deadLetter, stopping.signal, inFlight)));
    const stop = async () => {
      // Batches in flight finish (and commit) first; none starts after. The signal cuts short
      // only the waits between retries: such a batch is not committed and goes to another member.
      stopping.abort();
      await Promise.allSettled([...inFlight]);
      await Promise.all(consumers.map((consumer) => consumer.disconnect()));
      this.#stops.delete(stop);
    };
    this.#stops.add(stop);
    return { stop };
  }

  /**
   * One topic's member of the group. A member that crashed on an error kafkajs deems final (an
   * answer it cannot place, such as INVALID_REQUEST to a SyncGroup that raced a rebalance) would
   * leave the group for good while its process lives on: it is replaced by a new member, after a
   * back-off, up to MEMBER_RESTARTS times in a row; only then is the consumer given up
   * (onFailure), which makes the service NOT_SERVING so that its pod is restarted.
   */
  async #consumeTopic(
    topic: string,
    options: ConsumerOptions,
    policy: RetryPolicy,
    deadLetter: (message: BusMessage) => Promise<void>,
    signal: AbortSignal,
    inFlight: Set<Promise<void>>,
  ): Promise<{ disconnect(): Promise<void> }> {
    let current: KafkaConsumer | undefined;
    let crashes = 0;
    const start = async () => {
      const consumer = this.#member(topic, options);
      current = consumer;
      // A member that joined and synced is healthy again: only crashes in a row count.
      consumer.on(consumer.events.GROUP_JOIN, () => (crashes = 0));
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart || signal.aborted) return;
        this.#consumers.delete(consumer);
        if (++crashes > MEMBER_RESTARTS) return options.onFailure?.(payload.error);
        this.#options.logger?.warn({ err: payload.error, topic, group: options.groupId, crashes }, 'Kafka consumer ended on an error it deems final; a new member joins the group');
        setTimeout(() => void start().catch((error: unknown) => options.onFailure?.(error)), Math.min(250 * 2 ** crashes, 10_000));
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [this.#name(topic)], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 8,
        eachBatch: async (payload) => {
          if (signal.aborted) return;
          const handling = this.#handleBatch(consumer, payload, options, policy, deadLetter, signal);
          inFlight.add(handling);
          try {
            await handling;
          } catch (error) {
            // Stopping cut a retry short: the batch is not committed and comes again to the
            // partition's next owner; it is no error to report (kafkajs would log it as one).
            if (!signal.aborted) throw error;
          } finally {
            inFlight.delete(handling);
          }
        },
      });
    };
    await start();
    return {
      disconnect: async () => {
        if (!current) return;
        this.#consumers.delete(current);
        await current.disconnect();
      },
    };
  }

  /** A new member of the topic's group (#groupOf), rejoining from the committed offsets. */
  #member(topic: string, options: ConsumerOptions): KafkaConsumer {
    const consumer = this.#kafka.consumer({
      groupId: this.#groupOf(options.groupId, topic),
      sessionTimeout: this.#options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 30_000,
      // A short fetch wait: stopping (and a rebalance) waits for the fetch in flight.
      maxWaitTimeInMs: 500,
      retry: {
        retries: Number.MAX_SAFE_INTEGER,
        initialRetryTime: 200,
        maxRetryTime: 5_000,
        // kafkajs asks this after a crash on an error it deems passing (brokers unreachable while
        // joining, say). Rejoining is always the answer: the consumer starts again from the
        // committed offsets, so nothing is lost. Errors it deems final end the member without
        // asking (#consumeTopic starts another); #handleBatch keeps a rebalance from becoming one.
        restartOnFailure: async (error) => {
          this.#options.logger?.warn({ err: error, topic, group: options.groupId }, 'Kafka consumer failed; rejoining its group');
          return true;
        },
      },
    });
    this.#consumers.add(consumer);
    return consumer;
  }

  /**
   * Handles one fetched batch of one partition, then commits past it (or past the part of it the
   * handler handled: the rest is fetched again). A commit the group refuses
   * because it has moved on (a member joined or left, or this one was evicted after a batch that
   * outlived the rebalance timeout) is dropped: the batch comes again to the partition's owner in
   * the next generation (at least once), and kafkajs rejoins at its next heartbeat.
   */
  async #handleBatch(
    consumer: KafkaConsumer,
    { batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload,
    options: ConsumerOptions,
    policy: RetryPolicy,
    deadLetter: (message: BusMessage) => Promise<void>,
    stopping: AbortSignal,
  ): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const namespace = this.#options.namespace ?? '';
    const delivered: DeliveredMessage[] = batch.messages.map((message) => ({
      topic: batch.topic.slice(namespace.length),
      partition: batch.partition,
      offset: Number(message.offset),
      key: message.key?.toString('utf8') ?? '',
      value: new Uint8Array(message.value ?? Buffer.alloc(0)),
      headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value ?? '')])),
    }));
    const wanted = options.accepts ? delivered.filter(options.accepts) : delivered;
    // Heartbeats keep the membership while a long batch is handled.
    const beating = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
    let handled = wanted.length;
    try {
      if (wanted.length) handled = await deliverWithRetry(wanted, {
        handleBatch: options.handleBatch,
        policy,
        signal: stopping,
        onError: options.onError,
        deadLetter,
      });
    } finally {
      clearInterval(beating);
    }
    // The next fetch starts after what was handled (the whole batch, unless the handler handled
    // less: ConsumerOptions.handleBatch), and the group's position moves there.
    const next = handled < wanted.length ? wanted[handled]!.offset : Number(batch.lastOffset()) + 1;
    if (next === delivered[0]!.offset) return;
    resolveOffset(String(next - 1));
    try {
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(next) }]);
    } catch (error) {
      // Thrown on, such a refusal would crash the consumer for good: kafkajs wraps it in an error
      // it deems final and never consults restartOnFailure, so the member would leave its group
      // and stop consuming while its process lives on.
      if (!isGroupMovedOn(error)) throw error;
    }
  }

  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    await this.#connect();
    let lag = 0;
    for (const topic of topics) {
      const [committed] = await this.#admin.fetchOffsets({ groupId: this.#groupOf(groupId, topic), topics: [this.#name(topic)] });
      for (const end of await this.#admin.fetchTopicOffsets(this.#name(topic))) {
        const offset = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1');
        lag += Number(end.high) - (offset >= 0 ? offset : Number(end.low));
      }
    }
    return lag;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#stops].map((stop) => stop()));
    await Promise.all([...this.#consumers].map((consumer) => consumer.disconnect()));
    this.#consumers.clear();
    if (this.#connected) await Promise.allSettled([this.#producer.disconnect(), this.#admin.disconnect()]);
  }
}

/** Kafka's answers to a commit from a generation that is over or about to be. */
const GROUP_MOVED_ON = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']);

/** The error, or one it wraps (kafkajs wraps some), has one of these Kafka error types or words. */
function hasType(error: unknown, types: ReadonlySet<string>, words: RegExp): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause ?? (cause as { originalError?: unknown }).originalError) {
    const { type, message } = cause as { type?: string; message?: string };
    if ((type && types.has(type)) || words.test(message ?? '')) return true;
  }
  return false;
}

/**
 * The group is rebalancing or this member is no longer in its generation: what it held may belong
 * to another. kafkajs's final-error wrapper keeps only the message, hence the words.
 */
const isGroupMovedOn = (error: unknown) => hasType(error, GROUP_MOVED_ON, /not aware of this member|generation|rebalancing/i);
