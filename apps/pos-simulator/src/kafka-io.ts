/** The simulator's Kafka plumbing: a store-and-forward producer, a tail from the end that survives broker restarts, group and topic admin. */
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, type Consumer, type IHeaders, type Producer } from 'kafkajs';
// The shared classifier, by path: this file is also loaded where no alias is mapped (jest's globalSetup).
import { kafkajsLogCreator, stderrKafkajsSink } from '../../../libs/kafka-logging/src';
import { DEFAULT_STORE_AND_FORWARD, StoreAndForwardQueue, type OutgoingBatch } from './store-and-forward';

/**
 * A client whose retries stay short (at most 2 s apart): after a broker restart the producer and
 * the consumers are back within a couple of seconds, and what the store and forward or the tail's
 * restart does not cover is never left to minutes of kafkajs backoff.
 */
export function createKafka(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.ERROR,
    // Retriable start-up states (coordinator not available, ...) print as WARN, not ERROR.
    logCreator: kafkajsLogCreator(stderrKafkajsSink),
    connectionTimeout: 3000,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}

/** Milliseconds on a monotonic clock: produce and consume times are compared on it. */
export const monotonicMs = (): number => performance.now();

interface Queued {
  topic: string;
  key: string;
  value: string | Buffer;
  onSent?: (at: number) => void;
}

export interface BatchingProducerOptions {
  flushEveryMs?: number;
  maxInFlight?: number;
  /** Messages per request at most (1000). */
  maxBatch?: number;
}

/**
 * Collects messages and sends them every few milliseconds in one request per flush (kafkajs
 * sendBatch), so thousands of charges a second cost a few hundred requests. `onSent` gets the
 * time the message was first handed to the broker client: the "produced" time of latency figures.
 *
 * Store and forward, as a terminal does: a message the broker did not acknowledge is kept and sent
 * again, the same bytes, until it is (`StoreAndForwardQueue`); a broker restart delays messages,
 * it never drops one. A message sent twice this way (its first request timed out after the broker
 * wrote it) is a duplicate the service recognises by its id.
 */
export class BatchingProducer {
  private readonly queue: StoreAndForwardQueue<Queued>;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  /** Failed send attempts, per message (each was kept and sent again). */
  errors = 0;
  lastError: string | null = null;

  constructor(
    private readonly producer: Producer,
    opts: BatchingProducerOptions = {},
  ) {
    this.queue = new StoreAndForwardQueue<Queued>({
      ...DEFAULT_STORE_AND_FORWARD,
      maxInFlight: opts.maxInFlight ?? DEFAULT_STORE_AND_FORWARD.maxInFlight,
      maxBatch: opts.maxBatch ?? DEFAULT_STORE_AND_FORWARD.maxBatch,
    });
  }

  static async connect(kafka: Kafka, opts: BatchingProducerOptions = {}): Promise<BatchingProducer> {
    // Few retries inside kafkajs: a failed request comes back to the store and forward soon.
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 },
    });
    await producer.connect();
    const p = new BatchingProducer(producer, opts);
    p.timer = setInterval(() => void p.flush(), opts.flushEveryMs ?? 5);
    return p;
  }

  /** Messages acknowledged by the broker. */
  get sent(): number {
    return this.queue.delivered;
  }

  /** Messages acknowledged only after a failed send (sent again, same bytes). */
  get resent(): number {
    return this.queue.deliveredAfterRetry;
  }

  /** Messages not acknowledged yet. */
  get undelivered(): number {
    return this.queue.undelivered;
  }

  send(topic: string, key: string, value: string | Buffer, onSent?: (at: number) => void): void {
    this.queue.push({ topic, key, value, onSent });
  }

  pending(): number {
    return this.queue.undelivered;
  }

  /** Sends what may be sent now (resolves once those requests ended). */
  async flush(): Promise<void> {
    const started: Promise<void>[] = [];
    for (let batch = this.queue.take(Date.now()); batch; batch = this.queue.take(Date.now())) {
      started.push(this.sendBatch(batch));
    }
    await Promise.all(started);
  }

  private sendBatch(batch: OutgoingBatch<Queued>): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string | Buffer }[]>();
    const at = monotonicMs();
    for (const { message: m, attempts } of batch.entries) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value });
      byTopic.set(m.topic, list);
      if (attempts === 1) m.onSent?.(at);
    }
    const p = this.producer
      .sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      .then(
        () => this.queue.ack(batch),
        (err: Error) => {
          this.errors += batch.entries.length;
          this.lastError = err.message;
          this.queue.nack(batch, Date.now());
        },
      )
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  /**
   * Sends what is queued and waits until the broker acknowledged everything, or `timeoutMs`
   * passed; resolves whether everything was delivered.
   */
  async drain(timeoutMs = Infinity): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.undelivered > 0) {
      if (Date.now() >= deadline) return false;
      // Not awaited: a request can hang for as long as the broker is away, and the deadline counts.
      void this.flush();
      if (this.inFlight.size) await Promise.race([Promise.all([...this.inFlight]), sleep(50)]);
      else if (this.queue.undelivered > 0) await sleep(20); // waiting out a backoff
    }
    return true;
  }

  /** Stops the timer after delivering what is queued (for at most `timeoutMs`); returns what is left. */
  async close(timeoutMs = 60_000): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.drain(timeoutMs);
    await Promise.race([Promise.all([...this.inFlight]), sleep(5000)]);
    await this.producer.disconnect().catch(() => undefined);
    return this.queue.undelivered;
  }
}

export interface TailMessage {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly partition: number;
  /** The message's Kafka timestamp (ms since the epoch, as text): when its producer sent it. */
  readonly timestamp: string;
  readonly topic?: string;
  readonly offset?: string;
  readonly headers?: IHeaders;
}

export interface Tail {
  stop: () => Promise<void>;
  /** Times the consumer crashed and was started again (resuming where it was). */
  restarts: () => number;
}

/**
 * Reads `topic` (or several) from the end offsets taken now (before anything is produced), in a
 * consumer group of its own, handing each fetched batch with the time it was consumed.
 *
 * It survives broker restarts without skipping anything (events handed over twice are
 * de-duplicated by id downstream):
 *  - every join seeks each assigned partition to the next offset after what was handed over: a
 *    rejoin after the broker came back (a rebalance, not a crash) resumes there, never at the
 *    topic's end, where a group without committed offsets would start (a commit made by a seek
 *    can itself be lost to the outage);
 *  - kafkajs never restarts a crashed consumer itself; a new one is started and joins likewise.
 */
export async function tailFromEnd(
  kafka: Kafka,
  topic: string | readonly string[],
  groupPrefix: string,
  onBatch: (messages: TailMessage[], receivedAt: number) => void,
  opts: { onRestart?: (reason: string) => void } = {},
): Promise<Tail> {
  const topics = typeof topic === 'string' ? [topic] : [...topic];
  // The next offset to read per topic and partition, starting from the ends now.
  const next = new Map<string, Map<number, string>>();
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const t of topics) {
      const ends = await admin.fetchTopicOffsets(t);
      next.set(t, new Map(ends.map((p) => [p.partition, p.offset])));
    }
  } finally {
    await admin.disconnect();
  }

  let stopped = false;
  let restarts = 0;
  let generation = 0;
  let current: Consumer | null = null;
  let restarting: Promise<void> | null = null;

  const start = async (): Promise<Consumer> => {
    const consumer: Consumer = kafka.consumer({
      groupId: `${groupPrefix}-${Date.now().toString(36)}-${process.pid}-${generation++}`,
      // minBytes 1 answers as soon as an event is there; the wait only bounds empty polls, which
      // would otherwise take the broker's and the service's CPU on this shared machine.
      maxWaitTimeInMs: 500,
      minBytes: 1,
      maxBytes: 16 * 1024 * 1024,
      maxBytesPerPartition: 8 * 1024 * 1024,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000, restartOnFailure: async () => false },
    });
    let joined: () => void = () => undefined;
    const joinedP = new Promise<void>((r) => (joined = r));
    // Every join (the first, and a rejoin after the broker came back) resumes each partition
    // where this tail stopped reading, never where the group last committed: a partition the
    // group never committed would start at its end, and what was published meanwhile be missed.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [t, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const offset = next.get(t)?.get(partition);
          if (offset !== undefined) consumer.seek({ topic: t, partition, offset });
        }
      }
      joined();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (consumer === current) void restart(`${payload.error.name}: ${payload.error.message}`);
    });
    current = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: false });
      await consumer.run({
        // Positions are this tail's own (`next`), applied at every join; the group commits nothing.
        autoCommit: false,
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          if (consumer !== current || batch.messages.length === 0) return;
          const at = monotonicMs();
          onBatch(
            batch.messages.map((m) => ({
              key: m.key?.toString() ?? null,
              value: m.value,
              partition: batch.partition,
              timestamp: m.timestamp,
              topic: batch.topic,
              offset: m.offset,
              headers: m.headers,
            })),
            at,
          );
          const last = batch.messages[batch.messages.length - 1];
          next.get(batch.topic)?.set(batch.partition, (BigInt(last.offset) + 1n).toString());
        },
      });
      const ok = await Promise.race([joinedP.then(() => true), sleep(30_000).then(() => false)]);
      if (!ok) throw new Error('the tail consumer did not join its group within 30 s');
      return consumer;
    } catch (err) {
      if (current === consumer) current = null;
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
  };

  let again = false;
  const restart = (reason: string): Promise<void> => {
    if (stopped) return Promise.resolve();
    restarts++;
    opts.onRestart?.(reason);
    if (restarting) {
      again = true; // a consumer being started crashed: start another once this attempt ends
      return restarting;
    }
    restarting = (async () => {
      do {
        again = false;
        const old = current;
        current = null;
        await old?.disconnect().catch(() => undefined);
        for (let delay = 500; !stopped; delay = Math.min(delay * 2, 2000)) {
          try {
            await start();
            break;
          } catch {
            await sleep(delay);
          }
        }
      } while (again && !stopped);
    })().finally(() => (restarting = null));
    return restarting;
  };

  await start();
  return {
    stop: async () => {
      stopped = true;
      await restarting?.catch(() => undefined);
      await current?.disconnect().catch(() => undefined);
    },
    restarts: () => restarts,
  };
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
        waitForLeaders: false,
        topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      });
    }
    // kafkajs's own wait gives up after a few seconds; a busy fresh broker can take longer to
    // elect a leader for each of the partitions.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const led = await admin
        .fetchTopicMetadata({ topics: [topic] })
        .then((m) => m.topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0)
        .catch(() => 0);
      if (led >= partitions || (existing.includes(topic) && led > 0)) return;
      if (Date.now() > deadline)
        throw new Error(`topic ${topic}: ${led} of ${partitions} partitions have a leader after 60 s`);
      await sleep(250);
    }
  } finally {
    await admin.disconnect();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
