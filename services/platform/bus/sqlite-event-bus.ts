import { EventEmitter } from 'node:events';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openSqlite } from '../sqlite/open-sqlite.ts';
import { followFeed } from '../async/follow-feed.ts';
import type { Subscription } from '../async/subscription.ts';
import { deliverWithRetry } from './deliver-with-retry.ts';
import {
  type BusMessage,
  type Consumer,
  type ConsumerOptions,
  type DeliveredMessage,
  type EventBus,
  defaultRetryPolicy,
} from './event-bus.ts';
import { partitionOf } from './partition-of.ts';

const SCHEMA = `
  CREATE TABLE messages (
    topic     TEXT    NOT NULL,
    partition INTEGER NOT NULL,
    offset    INTEGER NOT NULL,
    key       TEXT    NOT NULL,
    value     BLOB    NOT NULL,
    headers   TEXT    NOT NULL,
    PRIMARY KEY (topic, partition, offset)
  ) WITHOUT ROWID;
  CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE group_offsets (
    group_id  TEXT    NOT NULL,
    topic     TEXT    NOT NULL,
    partition INTEGER NOT NULL,
    next      INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
`;

interface MessageRow {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: Uint8Array;
  headers: string;
}

interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

interface Member {
  readonly id: number;
  readonly options: ConsumerOptions;
  readonly stop: AbortController;
  loops: Subscription[];
}

export interface SqliteEventBusOptions {
  /** A file path, or ":memory:" for tests. */
  readonly path: string;
  /** Partitions per topic. */
  readonly partitions: number;
}

/**
 * The embedded, in-process bus: a durable partitioned log in one SQLite file, with Kafka's
 * semantics. Publishing appends to the partition of each message's key; each consumer group has a
 * committed offset per partition, advanced only after its handler resolved; the members of a group
 * share the partitions and rebalance when one joins or leaves. Topics exist on first use, with the
 * configured partition count. Messages are kept (no retention limit), so a group created later, or
 * a projection being rebuilt, reads every topic from its beginning.
 */
export class SqliteEventBus implements EventBus {
  readonly #db: DatabaseSync;
  readonly #partitions: number;
  readonly #published = new EventEmitter().setMaxListeners(0);
  readonly #groups = new Map<string, Member[]>();
  #rebalancing = Promise.resolve();
  #nextMemberId = 1;
  readonly #sql: Record<'nextOffset' | 'insert' | 'read' | 'committed' | 'commit' | 'end', StatementSync>;

  constructor(options: SqliteEventBusOptions) {
    this.#partitions = options.partitions;
    this.#db = openSqlite(options.path, { synchronous: 'FULL', exclusive: options.path !== ':memory:', schema: { version: 1, sql: SCHEMA } });
    this.#checkPartitions(options.partitions);
    const sql = (text: string) => this.#db.prepare(text);
    this.#sql = {
      nextOffset: sql('SELECT coalesce(max(offset) + 1, 0) AS next FROM messages WHERE topic = ? AND partition = ?'),
      insert: sql('INSERT INTO messages (topic, partition, offset, key, value, headers) VALUES (?, ?, ?, ?, ?, ?)'),
      read: sql('SELECT * FROM messages WHERE topic = ? AND partition = ? AND offset > ? ORDER BY offset LIMIT ?'),
      committed: sql('SELECT next FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?'),
      commit: sql(`INSERT INTO group_offsets (group_id, topic, partition, next) VALUES (?, ?, ?, ?)
                   ON CONFLICT (group_id, topic, partition) DO UPDATE SET next = excluded.next`),
      end: sql('SELECT coalesce(max(offset) + 1, 0) AS next FROM messages WHERE topic = ? AND partition = ?'),
    };
  }

  /**
   * The partition count is fixed when the bus is created: with another count a case's key would
   * land in another partition (breaking its order) and fewer partitions would strand messages.
   */
  #checkPartitions(partitions: number): void {
    this.#db.prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run('partitions', String(partitions));
    const stored = Number((this.#db.prepare('SELECT value FROM settings WHERE name = ?').get('partitions') as { value: string }).value);
    if (stored !== partitions) {
      this.#db.close();
      throw new Error(`the bus was created with ${stored} partitions per topic; OW_BUS_PARTITIONS must stay ${stored}`);
    }
  }

  async publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    inTransaction(this.#db, () => {
      const next = new Map<number, number>();
      for (const message of messages) {
        const partition = partitionOf(message.key, this.#partitions);
        const offset = next.get(partition) ?? (this.#sql.nextOffset.get(topic, partition) as { next: number }).next;
        this.#sql.insert.run(topic, partition, offset, message.key, message.value, JSON.stringify(message.headers));
        next.set(partition, offset + 1);
      }
    });
    this.#published.emit(topic);
  }

  async consume(options: ConsumerOptions): Promise<Consumer> {
    const member: Member = { id: this.#nextMemberId++, options, stop: new AbortController(), loops: [] };
    const members = this.#groups.get(options.groupId) ?? [];
    this.#groups.set(options.groupId, [...members, member]);
    await this.#rebalance(options.groupId);
    return {
      stop: async () => {
        // Finish (or abandon, uncommitted) our own batches before anyone else takes the partitions.
        member.stop.abort();
        await Promise.all(member.loops.splice(0).map((loop) => loop.close()));
        this.#groups.set(options.groupId, (this.#groups.get(options.groupId) ?? []).filter((m) => m !== member));
        await this.#rebalance(options.groupId);
      },
    };
  }

  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    let lag = 0;
    for (const { topic, partition } of this.#topicPartitions(topics)) {
      const end = (this.#sql.end.get(topic, partition) as { next: number }).next;
      lag += end - this.#committed(groupId, topic, partition);
    }
    return lag;
  }

  async close(): Promise<void> {
    const members = [...this.#groups.values()].flat();
    for (const member of members) member.stop.abort();
    await Promise.all(members.flatMap((member) => member.loops.splice(0)).map((loop) => loop.close()));
    this.#groups.clear();
    if (this.#db.isOpen) this.#db.close();
  }

  /** Stops every member's partition loops (each after its batch in flight), then deals the
   * group's partitions round-robin to the members that remain. Rebalances run one at a time. */
  #rebalance(groupId: string): Promise<void> {
    this.#rebalancing = this.#rebalancing.catch(() => undefined).then(async () => {
      const members = this.#groups.get(groupId) ?? [];
      await Promise.all(members.flatMap((member) => member.loops.splice(0)).map((loop) => loop.close()));
      if (members.length === 0) return;
      const topics = [...new Set(members.flatMap((member) => member.options.topics))].sort();
      for (const topic of topics) {
        const subscribed = members.filter((member) => member.options.topics.includes(topic));
        this.#topicPartitions([topic]).forEach((tp, index) => {
          const member = subscribed[index % subscribed.length] as Member;
          member.loops.push(this.#follow(member, tp));
        });
      }
    });
    return this.#rebalancing;
  }

  #follow(member: Member, { topic, partition }: TopicPartition): Subscription {
    const { groupId } = member.options;
    const policy = { ...defaultRetryPolicy, ...member.options.retry };
    const deadLetterTopic = member.options.deadLetterTopic ?? `${groupId}.dlq`;
    return followFeed<DeliveredMessage>({
      read: (after, limit) =>
        (this.#sql.read.all(topic, partition, after, limit) as unknown as MessageRow[]).map(toDelivered),
      cursorOf: (message) => message.offset,
      after: this.#committed(groupId, topic, partition) - 1,
      batchSize: 200,
      handle: async (batch, loopStopped) => {
        await deliverWithRetry(batch, {
          handleBatch: member.options.handleBatch,
          policy,
          signal: AbortSignal.any([loopStopped, member.stop.signal]),
          onError: member.options.onError,
          deadLetter: (message) => this.publish(deadLetterTopic, [message]),
        });
        const last = batch[batch.length - 1] as DeliveredMessage;
        this.#sql.commit.run(groupId, topic, partition, last.offset + 1);
      },
      onNewItems: (wake) => {
        this.#published.on(topic, wake);
        return () => this.#published.off(topic, wake);
      },
      onFailure: member.options.onFailure,
    });
  }

  #committed(groupId: string, topic: string, partition: number): number {
    return (this.#sql.committed.get(groupId, topic, partition) as { next: number } | undefined)?.next ?? 0;
  }

  #topicPartitions(topics: readonly string[]): TopicPartition[] {
    return [...topics].sort().flatMap((topic) =>
      Array.from({ length: this.#partitions }, (_, partition) => ({ topic, partition })),
    );
  }
}

function toDelivered(row: MessageRow): DeliveredMessage {
  return {
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    key: row.key,
    value: row.value,
    headers: JSON.parse(row.headers) as Record<string, string>,
  };
}
