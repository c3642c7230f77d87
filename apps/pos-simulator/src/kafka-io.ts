/** The simulator's Kafka plumbing: a batching producer, a tail from the end, group and topic admin. */
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';

export function createKafka(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.ERROR,
    retry: { retries: 10, initialRetryTime: 200 },
  });
}

/** Milliseconds on a monotonic clock: produce and consume times are compared on it. */
export const monotonicMs = (): number => performance.now();

interface Queued {
  topic: string;
  key: string;
  value: string;
  onSent?: (at: number) => void;
}

/**
 * Collects messages and sends them every few milliseconds in one request per flush (kafkajs
 * sendBatch), so thousands of charges a second cost a few hundred requests. `onSent` gets the
 * time the message was handed to the broker client: the "produced" time of latency figures.
 */
export class BatchingProducer {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  sent = 0;
  errors = 0;
  lastError: string | null = null;

  constructor(
    private readonly producer: Producer,
    private readonly opts: { flushEveryMs?: number; maxInFlight?: number } = {},
  ) {}

  static async connect(
    kafka: Kafka,
    opts: { flushEveryMs?: number; maxInFlight?: number } = {},
  ): Promise<BatchingProducer> {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const p = new BatchingProducer(producer, opts);
    p.timer = setInterval(() => void p.flush(), opts.flushEveryMs ?? 5);
    return p;
  }

  send(topic: string, key: string, value: string, onSent?: (at: number) => void): void {
    this.queue.push({ topic, key, value, onSent });
  }

  pending(): number {
    return this.queue.length + this.inFlight.size;
  }

  async flush(): Promise<void> {
    if (this.queue.length === 0) return;
    if (this.inFlight.size >= (this.opts.maxInFlight ?? 8)) return; // the next tick takes the rest
    const batch = this.queue;
    this.queue = [];
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const m of batch) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value });
      byTopic.set(m.topic, list);
    }
    const at = monotonicMs();
    for (const m of batch) m.onSent?.(at);
    const p = this.producer
      .sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      .then(
        () => {
          this.sent += batch.length;
        },
        (err: Error) => {
          this.errors += batch.length;
          this.lastError = err.message;
        },
      )
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    await p;
  }

  /** Sends what is queued and waits for every request in flight. */
  async drain(): Promise<void> {
    while (this.queue.length || this.inFlight.size) {
      await this.flush();
      await Promise.all([...this.inFlight]);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.drain();
    await this.producer.disconnect();
  }
}

export interface TailMessage {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly partition: number;
  /** The message's Kafka timestamp (ms since the epoch, as text): when its producer sent it. */
  readonly timestamp: string;
}

/**
 * Reads `topic` from the end offsets taken now (before anything is produced), in a consumer
 * group of its own, handing each fetched batch with the time it was consumed.
 */
export async function tailFromEnd(
  kafka: Kafka,
  topic: string,
  groupPrefix: string,
  onBatch: (messages: TailMessage[], receivedAt: number) => void,
): Promise<{ stop: () => Promise<void> }> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const consumer: Consumer = kafka.consumer({
    groupId: `${groupPrefix}-${Date.now().toString(36)}-${process.pid}`,
    // minBytes 1 answers as soon as an event is there; the wait only bounds empty polls, which
    // would otherwise take the broker's and the service's CPU on this shared machine.
    maxWaitTimeInMs: 500,
    minBytes: 1,
    maxBytes: 16 * 1024 * 1024,
    maxBytesPerPartition: 8 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  let joined: () => void = () => undefined;
  const joinedP = new Promise<void>((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      const at = monotonicMs();
      onBatch(
        batch.messages.map((m) => ({
          key: m.key?.toString() ?? null,
          value: m.value,
          partition: batch.partition,
          timestamp: m.timestamp,
        })),
        at,
      );
    },
  });
  for (const p of ends) consumer.seek({ topic, partition: p.partition, offset: p.offset });
  await joinedP;
  return { stop: () => consumer.disconnect() };
}

/**
 * Moves a consumer group's committed offsets on `topics` to their current ends, so a service
 * started with that group begins with what comes next instead of the topics' whole history.
 * The group must have no running members.
 */
export async function fastForwardGroup(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Creates `topic` with `partitions` partitions unless it exists. */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      });
    }
  } finally {
    await admin.disconnect();
  }
}
