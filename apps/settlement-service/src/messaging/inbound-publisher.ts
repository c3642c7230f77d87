import { Injectable } from '@nestjs/common';
import type { TopicMessages } from 'kafkajs';
import { InboundGateway } from '../application/ports/inbound-gateway';
import { WorldFault, describeFault } from '../shared/fault-class';
import { KafkaClient, ProducerHandle } from './kafka-client';

interface Queued {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly done: (err?: unknown) => void;
}

/**
 * HTTP settlement's way onto the inbound topics: an idempotent producer of its own. The producer
 * has one request in flight, so calls that arrive while one is in flight go together in the next
 * request (one round trip for many HTTP callers, as a lane batches the consumer's side).
 */
@Injectable()
export class InboundPublisher extends InboundGateway {
  private readonly producer: ProducerHandle;
  private queue: Queued[] = [];
  private sending = false;

  constructor(kafka: KafkaClient) {
    super();
    this.producer = kafka.newProducer();
  }

  publish(topic: string, key: string, value: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, key, value, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await (await this.producer.get()).sendBatch({ acks: -1, topicMessages: byTopic(batch) });
          for (const q of batch) q.done();
        } catch (err) {
          // Every caller in the batch hears the fault (a 503 to retry); none is told it was sent.
          await this.producer.reset();
          const fault = new WorldFault(`publish to the inbound topic failed: ${describeFault(err)}`, { cause: err });
          for (const q of batch) q.done(fault);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}

function byTopic(batch: readonly Queued[]): TopicMessages[] {
  const topics = new Map<string, TopicMessages>();
  for (const q of batch) {
    const entry = topics.get(q.topic) ?? { topic: q.topic, messages: [] };
    entry.messages.push({ key: q.key, value: q.value });
    topics.set(q.topic, entry);
  }
  return [...topics.values()];
}
