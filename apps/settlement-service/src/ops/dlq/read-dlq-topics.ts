import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DlqRecord } from './dead-letter-record';

/** How long reading may go without a message before it gives up on the partitions left. */
const IDLE_LIMIT_MS = 20_000;

/**
 * Reads every message of `topics` that was there when the call began (each partition from its
 * low to its high watermark), in offset order per partition. A consumer group of its own, named
 * for this run, never committed and deleted afterwards: the service's group is not touched.
 */
export async function readDlqTopics(
  kafka: Kafka,
  clientId: string,
  topics: readonly string[],
  onRecord: (r: DlqRecord) => void,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${clientId}-${randomUUID()}`;
  try {
    /** topic:partition -> the high watermark still to reach */
    const pending = new Map<string, bigint>();
    /** topic:partition -> the low watermark to start from */
    const starts: { topic: string; partition: number; offset: string }[] = [];
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) {
          pending.set(`${topic}:${p.partition}`, BigInt(p.high));
          starts.push({ topic, partition: p.partition, offset: p.low });
        }
      }
    }
    if (pending.size === 0) return;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        let lastProgress = Date.now();
        const idle = setInterval(() => {
          if (Date.now() - lastProgress > IDLE_LIMIT_MS) {
            clearInterval(idle);
            reject(
              new Error(
                `no message for ${IDLE_LIMIT_MS / 1000} s; not read to the end: ${[...pending.keys()].join(', ')}`,
              ),
            );
          }
        }, 1000);
        const seekStarts = (): void => {
          for (const s of starts) consumer.seek(s);
        };
        void consumer
          .subscribe({ topics: [...topics], fromBeginning: true })
          .then(() =>
            consumer.run({
              autoCommit: false,
              eachBatch: async ({ batch }) => {
                const key = `${batch.topic}:${batch.partition}`;
                const high = pending.get(key);
                if (high === undefined) return;
                for (const m of batch.messages) {
                  if (BigInt(m.offset) >= high) break;
                  onRecord({
                    dlqTopic: batch.topic,
                    partition: batch.partition,
                    offset: m.offset,
                    timestamp: Number(m.timestamp),
                    key: m.key,
                    value: m.value,
                    headers: m.headers ?? {},
                  });
                }
                lastProgress = Date.now();
                const last = batch.messages.at(-1);
                if (last && BigInt(last.offset) + 1n >= high) pending.delete(key);
                if (pending.size === 0) {
                  clearInterval(idle);
                  resolve();
                }
              },
            }),
          )
          .then(seekStarts, (err: unknown) => {
            clearInterval(idle);
            reject(err as Error);
          });
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  } finally {
    // Never committed, so the group holds nothing; deleting it keeps the broker's list clean.
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
