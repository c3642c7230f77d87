import { Admin, Consumer, Kafka, Partitioners, Producer, logLevel } from 'kafkajs';
import { TEST_KAFKA_BROKERS } from './test-config';

export interface ReceivedEvent {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown> & { reason?: { code: string; message: string } };
  key: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  raw: Record<string, unknown>;
}

export interface DlqRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** A test's own Kafka client: produces inbound messages and reads what the service published. */
export class KafkaTestClient {
  readonly kafka = new Kafka({
    clientId: 'gongji-tests',
    brokers: TEST_KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  private producerReady: Promise<Producer> | null = null;
  private readonly consumers: Consumer[] = [];
  private readonly admin: Admin = this.kafka.admin();

  private producer(): Promise<Producer> {
    if (!this.producerReady) {
      const p = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producerReady = p.connect().then(() => p);
    }
    return this.producerReady;
  }

  async produce(topic: string, key: string, value: unknown | Buffer | string): Promise<void> {
    const producer = await this.producer();
    const bytes = Buffer.isBuffer(value) ? value : typeof value === 'string' ? value : JSON.stringify(value);
    await producer.send({ topic, acks: -1, messages: [{ key, value: bytes }] });
  }

  async produceMany(topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
    const producer = await this.producer();
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.slice(i, i + 500).map((m) => ({
          key: m.key,
          // Bytes and text as given (fuzzed inputs), anything else as JSON.
          value: Buffer.isBuffer(m.value) || typeof m.value === 'string' ? m.value : JSON.stringify(m.value),
        })),
      });
    }
  }

  /**
   * Reads `topic` from its current end (taken now, before the test produces anything) into
   * `sink`, so a test sees only what happens after this call.
   */
  async tail<T>(
    topic: string,
    onMessage: (m: {
      key: string | null;
      value: Buffer | null;
      headers: Record<string, string>;
      partition: number;
      offset: string;
    }) => T | null,
    sink: T[],
  ): Promise<void> {
    await this.admin.connect();
    const ends = await this.admin.fetchTopicOffsets(topic);
    const consumer = this.kafka.consumer({
      groupId: `gongji-tests-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      maxWaitTimeInMs: 50,
    });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    let joined: () => void = () => undefined;
    const joinedP = new Promise<void>((r) => (joined = r));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = v === undefined ? '' : String(v);
        const item = onMessage({
          key: message.key?.toString() ?? null,
          value: message.value,
          headers,
          partition,
          offset: message.offset,
        });
        if (item !== null) sink.push(item);
      },
    });
    for (const p of ends) consumer.seek({ topic, partition: p.partition, offset: p.offset });
    await joinedP;
  }

  /** Collects settlement.events.v1 from now on. */
  async collectEvents(): Promise<ReceivedEvent[]> {
    const sink: ReceivedEvent[] = [];
    await this.tail(
      'settlement.events.v1',
      (m) => {
        const raw = JSON.parse(m.value?.toString() ?? 'null') as Record<string, unknown>;
        return {
          id: raw.id as string,
          type: raw.type as string,
          subject: raw.subject as string,
          data: raw.data as ReceivedEvent['data'],
          key: m.key,
          headers: m.headers,
          partition: m.partition,
          offset: m.offset,
          raw,
        };
      },
      sink,
    );
    return sink;
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
    if (this.producerReady) await (await this.producerReady).disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
