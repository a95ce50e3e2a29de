/**
 * Prints k8s/base/kafka-topics.yaml (Strimzi KafkaTopic resources) from infra/kafka/topics.json,
 * the one definition of the topics. `npm run k8s:topics` writes it; a test keeps it current.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface TopicDefinition {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
}

export function kafkaTopicsManifest(): string {
  const path = join(import.meta.dirname, '..', 'infra', 'kafka', 'topics.json');
  const { topics } = JSON.parse(readFileSync(path, 'utf8')) as { topics: TopicDefinition[] };
  const header = '# Generated from infra/kafka/topics.json by `npm run k8s:topics`; do not edit.\n';
  return header + topics
    .map((topic) =>
      [
        '---',
        'apiVersion: kafka.strimzi.io/v1beta2',
        'kind: KafkaTopic',
        'metadata:',
        `  name: ${topic.name}`,
        '  labels:',
        '    strimzi.io/cluster: onewindow',
        'spec:',
        `  topicName: ${topic.name}`,
        `  partitions: ${topic.partitions}`,
        `  replicas: ${topic.replicationFactor}`,
        '  config:',
        ...Object.entries(topic.config).map(([key, value]) => `    ${key}: "${value}"`),
      ].join('\n'),
    )
    .join('\n')
    .concat('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(kafkaTopicsManifest());
