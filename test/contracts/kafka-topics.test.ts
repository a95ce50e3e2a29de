import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaTopicsManifest } from '../../scripts/kafka-topics-manifest.ts';
import { allTopics } from '../../services/contracts/topics.ts';
import { serviceNames } from '../../services/contracts/service-names.ts';
import { deadLetterTopicOf } from '../../services/platform/messaging/topic.ts';

const everyTopic = [...allTopics.map((t) => t.name), ...serviceNames.map(deadLetterTopicOf)];

interface TopicDefinition {
  name: string;
  replicationFactor: number;
  config: Record<string, string>;
}

describe('infra/kafka/topics.json', () => {
  const { topics } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'infra', 'kafka', 'topics.json'), 'utf8')) as { topics: TopicDefinition[] };

  it('defines exactly the topics the services publish on, and their dead-letter topics', () => {
    expect(topics.map((t) => t.name).sort()).toEqual([...everyTopic].sort());
  });

  it('keeps events forever and survives a broker loss', () => {
    for (const topic of topics) {
      expect(topic.config['retention.ms'], topic.name).toBe('-1');
      expect(topic.replicationFactor, topic.name).toBeGreaterThanOrEqual(3);
      expect(Number(topic.config['min.insync.replicas']), topic.name).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('k8s/base', () => {
  const root = join(import.meta.dirname, '..', '..');

  it('holds the KafkaTopics `npm run k8s:topics` makes from infra/kafka/topics.json', () => {
    expect(readFileSync(join(root, 'k8s', 'base', 'kafka-topics.yaml'), 'utf8'), 'run `npm run k8s:topics`').toBe(kafkaTopicsManifest());
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
  if (!kubectl) console.warn('SKIPPED: rendering k8s/base needs kubectl on PATH (it is on the project\'s machines and CI).');
  it.skipIf(!kubectl)('renders with kustomize into one KafkaTopic per topic', () => {
    const rendered = execFileSync('kubectl', ['kustomize', join(root, 'k8s', 'base')], { encoding: 'utf8' });
    expect(rendered.match(/^kind: KafkaTopic$/gm)).toHaveLength(everyTopic.length);
    for (const topic of everyTopic) expect(rendered).toContain(`topicName: ${topic}`);
    expect(rendered).toContain('app.kubernetes.io/part-of: onewindow');
  });
});
