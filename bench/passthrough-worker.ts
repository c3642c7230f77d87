/**
 * The Kafka part of the service alone: consume a topic and forward every message to another,
 * with the service's consumer and producer settings (3 partitions in parallel, batches, an
 * idempotent producer with acks=all, offsets committed after each forward) and no database.
 * Started by the bench as its own process:
 *   BROKERS=127.0.0.1:9092 IN=bench.passthrough-in.v1 OUT=bench.passthrough.v1 GROUP=g tsx bench/passthrough-worker.ts
 * Prints "ready" once it has joined its group; stops on SIGTERM.
 */
import { Kafka, logLevel } from 'kafkajs';
import { kafkajsLogCreator, stderrKafkajsSink } from '../libs/kafka-logging/src';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is required`);
    return v;
  };
  const kafka = new Kafka({
    clientId: 'bench-passthrough',
    brokers: env('BROKERS').split(','),
    logLevel: logLevel.ERROR,
    logCreator: kafkajsLogCreator(stderrKafkajsSink),
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: env('GROUP'), maxWaitTimeInMs: 100, sessionTimeout: 30_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [env('IN')], fromBeginning: false });
  consumer.on(consumer.events.GROUP_JOIN, () => console.log('ready'));
  const out = env('OUT');
  const chunk = Number(process.env.CHUNK ?? 500);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (let i = 0; i < batch.messages.length; i += chunk) {
        if (!isRunning() || isStale()) return;
        const part = batch.messages.slice(i, i + chunk);
        await producer.send({
          topic: out,
          acks: -1,
          messages: part.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        });
        const last = part[part.length - 1].offset;
        resolveOffset(last);
        await consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]);
        await heartbeat();
      }
    },
  });
  const stop = async () => {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
