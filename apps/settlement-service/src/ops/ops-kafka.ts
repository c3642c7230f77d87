import { Kafka, logLevel } from 'kafkajs';
import { kafkajsLogCreator, stderrKafkajsSink } from '../../../../libs/kafka-logging/src';
import type { KafkaConnectionConfig } from '../config/app-config';
import { kafkaClientOptions } from '../messaging/kafka-client';

/** The service's client options under a client id of the tools' own (seen in the broker's logs). */
export function opsKafka(config: KafkaConnectionConfig): Kafka {
  return new Kafka({
    ...kafkaClientOptions({ ...config, kafkaClientId: `${config.kafkaClientId}-ops` }),
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(stderrKafkajsSink),
  });
}
