import { Kafka, logLevel } from 'kafkajs';
import { fastForwardGroup } from '../../apps/pos-simulator/src/kafka-io';
import { setClusterReadOnly } from './read-only-database';
import { TEST_KAFKA_BROKERS } from './test-config';

const INBOUND = [
  'pos.charges.v1',
  'pos.reversals.v1',
  'mutualaid.authorization-decisions.v1',
  'mutualaid.contribution-requests.v1',
];

/**
 * The broker outlives test runs (and demos and benches share it): start the tests' consumer
 * group at the end of the inbound topics, so a run settles only what it produces itself.
 */
export default async function globalSetup(): Promise<void> {
  // A run killed in the middle of the read-only drill must not leave the cluster refusing writes.
  await setClusterReadOnly(false);
  const kafka = new Kafka({
    clientId: 'gongji-tests-setup',
    brokers: TEST_KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  await fastForwardGroup(kafka, 'gongji-settlement-test', INBOUND);
}
