import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allTopics } from '../../services/platform/messaging/topics.ts';

interface TopicDefinition {
  name: string;
  replicationFactor: number;
  config: Record<string, string>;
}

describe('infra/kafka/topics.json', () => {
  const { topics } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'infra', 'kafka', 'topics.json'), 'utf8')) as { topics: TopicDefinition[] };

  it('defines exactly the topics the services publish on', () => {
    expect(topics.map((t) => t.name).sort()).toEqual(allTopics.map((t) => t.name).sort());
  });

  it('keeps events forever and survives a broker loss', () => {
    for (const topic of topics) {
      expect(topic.config['retention.ms'], topic.name).toBe('-1');
      expect(topic.replicationFactor, topic.name).toBeGreaterThanOrEqual(3);
      expect(Number(topic.config['min.insync.replicas']), topic.name).toBeGreaterThanOrEqual(2);
    }
  });
});
