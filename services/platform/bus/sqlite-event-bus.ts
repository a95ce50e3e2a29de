import { EventEmitter } from 'node:events';
import { BroadcastChannel } from 'node:worker_threads';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { crashPoint } from '../faults/crash-point.ts';
import { inTransaction, openSqlite } from '../sqlite/open-sqlite.ts';
import { followFeed } from '../async/follow-feed.ts';
import type { Subscription } from '../async/subscription.ts';
import { deliverWithRetry } from './deliver-with-retry.ts';
import { deadLettersOf } from './dead-letters.ts';
import {
  type BusMessage,
  type Consumer,
  type ConsumerOptions,
  type DeliveredMessage,
  type EventBus,
  type PublisherProgress,
  defaultRetryPolicy,
} from './event-bus.ts';
import { partitionOf } from './partition-of.ts';

/** How long a consumer group's follower lets messages gather after a wake-up, to handle them as one batch. */
const GATHER_MS = 2;

/** How often the handled offsets of this bus's consumer groups are written, all in one transaction. */
const COMMIT_INTERVAL_MS = 200;

/** How many of a partition's last messages each thread keeps in memory for its consumer groups. */
const RECENT_MESSAGES = 1024;

/** How long a write waits for another thread's write to end, on a file threads share. */
const BUSY_TIMEOUT_MS = 10_000;

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

/** Version 2: publishers' progress, recorded in the transaction that publishes. */
const PUBLISHER_PROGRESS = `
  CREATE TABLE publisher_progress (
    name     TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
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
  /** Where its messages go when every retry failed (bus/dead-letters.ts), counted once per member. */
  readonly deadLetter: (message: BusMessage) => Promise<void>;
  loops: Subscription[];
}

export interface SqliteEventBusOptions {
  /** A file path, or ":memory:" for tests. */
  readonly path: string;
  /** Partitions per topic. */
  readonly partitions: number;
  /**
   * Whether the threads of this process open the same file (the threaded all-in-one): writes then
   * take turns, and a publish wakes the followers in every thread. Otherwise the file is this
   * object's alone (an exclusive lock).
   */
  readonly sharedByThreads?: boolean;
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
  /**
   * Each partition's last messages, in offset order: the consumer groups of this thread that
   * follow a partition read them once from the file (or not at all, for what this thread
   * published), and each gets the same message objects (decoded once: integration-message.ts).
   */
  readonly #recent = new Map<string, DeliveredMessage[]>();
  /**
   * Where each partition ends (its next offset), as far as this thread knows for sure: learnt from
   * a read that reached the end or from its own publish, forgotten when another thread publishes
   * to the partition. A follower at the known end needs no read of the file to find nothing new.
   */
  readonly #ends = new Map<string, number>();
  /** Publishes of the other threads sharing the file, as "<topic>#<partition>" names. */
  readonly #threads: BroadcastChannel | undefined;
  readonly #groups = new Map<string, Member[]>();
  #rebalancing = Promise.resolve();
  /** Offsets handled but not yet written, by group, topic and partition; written together. */
  readonly #handledOffsets = new Map<string, { groupId: string; topic: string; partition: number; next: number }>();
  #offsetTimer: NodeJS.Timeout | undefined;
  #nextMemberId = 1;
  readonly #sql: Record<'nextOffset' | 'insert' | 'read' | 'committed' | 'commit' | 'end' | 'progress' | 'saveProgress', StatementSync>;
  readonly keepsPublisherProgress = true;

  constructor(options: SqliteEventBusOptions) {
    this.#partitions = options.partitions;
    // Not synced at each commit: everything here is restored by replay after a power loss, which
    // may take the last commits (never a part of one). A publisher's progress rolls back with its
    // messages, so it publishes them again; a consumer's position rolls back with the messages it
    // read, or lives with its own data (ConsumerOptions.positions). docs/architecture.md, "The commit path".
    const shared = options.sharedByThreads === true;
    this.#db = openSqlite(options.path, {
      synchronous: 'NORMAL',
      exclusive: options.path !== ':memory:' && !shared,
      ...(shared ? { busyTimeoutMs: BUSY_TIMEOUT_MS } : {}),
      schema: { version: 2, sql: SCHEMA, migrations: [(db) => db.exec(PUBLISHER_PROGRESS)] },
    });
    if (shared) {
      this.#threads = new BroadcastChannel(`onewindow-bus:${options.path}`);
      this.#threads.onmessage = (message) => {
        for (const name of (message as { data: string[] }).data) {
          this.#ends.delete(name);
          this.#published.emit(name);
        }
      };
      // A waiting channel must not keep a thread alive that has nothing else to do.
      this.#threads.unref();
    }
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
      progress: sql('SELECT position FROM publisher_progress WHERE name = ?'),
      saveProgress: sql(`INSERT INTO publisher_progress (name, position) VALUES (?, ?)
                         ON CONFLICT (name) DO UPDATE SET position = excluded.position`),
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

  async publish(topic: string, messages: readonly BusMessage[], progress?: PublisherProgress): Promise<void> {
    if (messages.length === 0 && !progress) return;
    const written = inTransaction(this.#db, () => {
      const next = new Map<number, number>();
      const delivered: DeliveredMessage[] = [];
      for (const message of messages) {
        const partition = partitionOf(message.key, this.#partitions);
        const offset = next.get(partition) ?? (this.#sql.nextOffset.get(topic, partition) as { next: number }).next;
        this.#sql.insert.run(topic, partition, offset, message.key, message.value, JSON.stringify(message.headers));
        delivered.push({ ...message, topic, partition, offset });
        next.set(partition, offset + 1);
      }
      if (progress) this.#sql.saveProgress.run(progress.name, progress.position);
      return delivered;
    });
    const touched = new Set<string>();
    for (const message of written) {
      const name = partitionEvent(topic, message.partition);
      this.#remember(name, [message]);
      // The transaction saw the partition's end and wrote after it.
      this.#ends.set(name, message.offset + 1);
      touched.add(name);
    }
    // Only the followers of the partitions written to wake up, in this thread and the others.
    for (const name of touched) this.#published.emit(name);
    this.#threads?.postMessage([...touched]);
  }

  /** Adds messages read or published to a partition's window, when they continue it. */
  #remember(name: string, messages: readonly DeliveredMessage[]): void {
    let window = this.#recent.get(name) ?? [];
    for (const message of messages) {
      const last = window.at(-1);
      if (last && message.offset <= last.offset) continue;
      if (last && message.offset !== last.offset + 1) window = [];
      window.push(message);
    }
    this.#recent.set(name, window.length > RECENT_MESSAGES ? window.slice(-RECENT_MESSAGES) : window);
  }

  /** The partition's messages after `after`: from the window when it holds the first of them, else from the file. */
  #read(topic: string, partition: number, after: number, limit: number): DeliveredMessage[] {
    const name = partitionEvent(topic, partition);
    const window = this.#recent.get(name);
    const first = window?.[0];
    if (window && first && after + 1 >= first.offset && after < window.at(-1)!.offset) {
      const start = after + 1 - first.offset;
      return window.slice(start, start + limit);
    }
    const end = this.#ends.get(name);
    if (end !== undefined && after + 1 >= end) return [];
    const read = (this.#sql.read.all(topic, partition, after, limit) as unknown as MessageRow[]).map(toDelivered);
    // Fewer than asked for: the read reached the partition's end.
    if (read.length < limit) this.#ends.set(name, (read.at(-1)?.offset ?? after) + 1);
    this.#remember(name, read);
    return read;
  }

  async publisherProgress(name: string): Promise<number | undefined> {
    return (this.#sql.progress.get(name) as { position: number } | undefined)?.position;
  }

  async consume(options: ConsumerOptions): Promise<Consumer> {
    const deadLetterTopic = options.deadLetterTopic ?? `${options.groupId}.dlq`;
    const deadLetter = deadLettersOf(options.groupId, (message) => this.publish(deadLetterTopic, [message]));
    const member: Member = { id: this.#nextMemberId++, options, stop: new AbortController(), deadLetter, loops: [] };
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
    this.#threads?.close();
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
        for (const [index, tp] of this.#topicPartitions([topic]).entries()) {
          const member = subscribed[index % subscribed.length] as Member;
          member.loops.push(await this.#follow(member, tp));
        }
      }
    });
    return this.#rebalancing;
  }

  async #follow(member: Member, { topic, partition }: TopicPartition): Promise<Subscription> {
    const { groupId } = member.options;
    const policy = { ...defaultRetryPolicy, ...member.options.retry };
    // The consumer's own record of its position wins: it was written with its data. The group's
    // offset catches up to it at once, or the group would show lag it no longer has until its
    // next message (a crash between the data's commit and the offset's left it behind).
    const committed = this.#committed(groupId, topic, partition);
    const own = await member.options.positions?.(topic, partition);
    if (own !== undefined && own > committed) this.#handled(groupId, topic, partition, own);
    const next = own ?? committed;
    const woken = partitionEvent(topic, partition);
    const { accepts } = member.options;
    /** The loop's and the member's stop, combined once (not for every batch). */
    let signal: AbortSignal | undefined;
    const loop = followFeed<DeliveredMessage>({
      read: (after, limit) => this.#read(topic, partition, after, limit),
      cursorOf: (message) => message.offset,
      after: next - 1,
      batchSize: 200,
      gatherMs: GATHER_MS,
      handle: async (batch, loopStopped) => {
        signal ??= AbortSignal.any([loopStopped, member.stop.signal]);
        // A handler that handled only part of a batch gets the rest again (ConsumerOptions.handleBatch);
        // each partition has its own loop here, so waiting holds back no other partition.
        for (let wanted = accepts ? batch.filter(accepts) : batch; wanted.length > 0; ) {
          signal.throwIfAborted();
          wanted = wanted.slice(
            await deliverWithRetry(wanted, {
              handleBatch: member.options.handleBatch,
              policy,
              signal,
              onError: member.options.onError,
              deadLetter: member.deadLetter,
            }),
          );
        }
        crashPoint('bus:handled');
        this.#handled(groupId, topic, partition, (batch[batch.length - 1] as DeliveredMessage).offset + 1);
      },
      onNewItems: (wake) => {
        this.#published.on(woken, wake);
        return () => this.#published.off(woken, wake);
      },
      onFailure: member.options.onFailure,
    });
    return {
      close: async () => {
        await loop.close();
        this.#writeOffsets();
      },
    };
  }

  /**
   * Notes a handled offset. The offsets of all groups are written together at most
   * COMMIT_INTERVAL_MS later (and when a loop stops), not a commit per batch: after a crash a few
   * more messages come again, which consumers absorb (they are idempotent).
   */
  #handled(groupId: string, topic: string, partition: number, next: number): void {
    this.#handledOffsets.set(`${groupId}\u0000${partition}\u0000${topic}`, { groupId, topic, partition, next });
    this.#offsetTimer ??= setTimeout(() => this.#writeOffsets(), COMMIT_INTERVAL_MS);
  }

  #writeOffsets(): void {
    clearTimeout(this.#offsetTimer);
    this.#offsetTimer = undefined;
    if (this.#handledOffsets.size === 0 || !this.#db.isOpen) return;
    const offsets = [...this.#handledOffsets];
    this.#handledOffsets.clear();
    try {
      inTransaction(this.#db, () => {
        for (const [, { groupId, topic, partition, next }] of offsets) this.#sql.commit.run(groupId, topic, partition, next);
      });
    } catch {
      // Not written (a full disk, a lock held too long): kept, unless handled further meanwhile,
      // and tried again. Meanwhile the consumers' positions stand; a crash would redeliver more.
      for (const [key, offset] of offsets) if (!this.#handledOffsets.has(key)) this.#handledOffsets.set(key, offset);
      this.#offsetTimer ??= setTimeout(() => this.#writeOffsets(), COMMIT_INTERVAL_MS);
    }
  }

  #committed(groupId: string, topic: string, partition: number): number {
    const handled = this.#handledOffsets.get(`${groupId}\u0000${partition}\u0000${topic}`);
    return handled?.next ?? (this.#sql.committed.get(groupId, topic, partition) as { next: number } | undefined)?.next ?? 0;
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

/** The name under which a partition's followers are woken when it gets messages. */
function partitionEvent(topic: string, partition: number): string {
  return `${topic}#${partition}`;
}
