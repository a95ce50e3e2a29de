// Creates the topics of infra/kafka/topics.json on the single broker of infra/compose.yaml (the
// same definitions as the Strimzi KafkaTopics of k8s/base). One broker holds one copy: the
// replication factor is capped at the number of brokers, and min.insync.replicas with it, or no
// write with acks=all could succeed. Runs in the OneWindow image, whose node_modules has kafkajs.
//   node create-topics.mjs <topics.json> (brokers from KAFKA_BROKERS, default kafka:9092)
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const file = process.argv[2] ?? '/etc/onewindow/topics.json';
const { topics } = JSON.parse(readFileSync(file, 'utf8'));
const kafka = new Kafka({ clientId: 'onewindow-topics', brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(','), logLevel: logLevel.WARN });
const admin = kafka.admin();
await admin.connect();
try {
  const brokers = (await admin.describeCluster()).brokers.length;
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => {
      const replicationFactor = Math.min(topic.replicationFactor, brokers);
      const config = { ...topic.config, 'min.insync.replicas': String(Math.min(Number(topic.config['min.insync.replicas'] ?? 1), replicationFactor)) };
      return { topic: topic.name, numPartitions: topic.partitions, replicationFactor, configEntries: Object.entries(config).map(([name, value]) => ({ name, value })) };
    }),
  });
  for (const topic of topics) console.log(`${existing.has(topic.name) ? 'exists ' : 'created'} ${topic.name}`);
} finally {
  await admin.disconnect();
}
