import { Kafka, logLevel } from 'kafkajs';
import { TEST_KAFKA_BROKERS } from './test-config';

const TEST_GROUPS = ['gongji-settlement-test'];
const INBOUND = ['pos.charges.v1', 'pos.reversals.v1', 'mutualaid.authorization-decisions.v1'];

/**
 * The broker outlives test runs (and demos and benches share it): start the tests' consumer
 * group at the end of the inbound topics, so a run settles only what it produces itself.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Kafka({
    clientId: 'gongji-tests-setup',
    brokers: TEST_KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    for (const groupId of TEST_GROUPS) {
      for (const topic of INBOUND) {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          groupId,
          topic,
          partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
        });
      }
    }
  } finally {
    await admin.disconnect();
  }
}
