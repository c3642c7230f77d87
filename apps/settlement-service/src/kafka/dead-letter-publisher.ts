import { Injectable, Logger } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { Metrics } from '../observability/metrics';
import { KafkaClient } from './kafka.module';
import { dlqTopic } from './topics';

/** Sends a message that cannot be settled to `<topic>.dlq` untouched, with why and where from. */
@Injectable()
export class DeadLetterPublisher {
  private readonly log = new Logger(DeadLetterPublisher.name);

  constructor(
    private readonly kafka: KafkaClient,
    private readonly metrics: Metrics,
  ) {}

  async publish(topic: string, partition: number, m: KafkaMessage, code: string, message: string): Promise<void> {
    const producer = await this.kafka.producer();
    await producer.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [
        {
          key: m.key,
          value: m.value,
          headers: {
            ...m.headers,
            'x-error-code': code,
            'x-error-message': message.slice(0, 500),
            'x-original-topic': topic,
            'x-original-partition': String(partition),
            'x-original-offset': m.offset,
          },
        },
      ],
    });
    this.metrics.dlqMessages.inc({ topic, code });
    this.log.warn(`message ${topic}/${partition}@${m.offset} sent to DLQ: ${code}`);
  }
}
