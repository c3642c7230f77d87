import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Consumer } from 'kafkajs';
import { OutcomeSubject, OutcomeWatch, OutcomeWatcher } from '../application/ports/inbound-gateway';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TOPICS } from '../shared/topics';
import { KafkaClient } from './kafka-client';

/**
 * One listener per instance on settlement.events.v1, from its end, in a consumer group of its own
 * (every instance sees every event; nothing is committed), waking the HTTP callers waiting for a
 * charge or a reversal. Events are parsed only while someone waits. A caller re-reads the
 * committed outcome when woken, so a missed or early event costs at most a wait, never a wrong answer.
 */
@Injectable()
export class OutcomeListener extends OutcomeWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(OutcomeListener.name);
  private consumer: Consumer | null = null;
  private readonly waiters = new Map<string, Set<() => void>>();
  private stopping = false;

  constructor(
    private readonly kafka: KafkaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
  }

  watch(subject: OutcomeSubject): OutcomeWatch {
    const key = 'chargeId' in subject ? `c|${subject.chargeId}` : `r|${subject.reversalId}`;
    let pending: (() => void) | null = null;
    let news = false;
    const wake = (): void => {
      news = true;
      pending?.();
    };
    const set = this.waiters.get(key) ?? new Set();
    set.add(wake);
    this.waiters.set(key, set);
    return {
      next: (timeoutMs) =>
        new Promise<boolean>((resolve) => {
          if (news) {
            news = false;
            resolve(true);
            return;
          }
          const timer = setTimeout(
            () => {
              pending = null;
              resolve(false);
            },
            Math.max(0, timeoutMs),
          );
          pending = () => {
            clearTimeout(timer);
            pending = null;
            news = false;
            resolve(true);
          };
        }),
      close: () => {
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(key);
        pending?.();
      },
    };
  }

  private async start(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        const consumer = this.kafka.kafka.consumer({
          groupId: `${this.config.kafkaGroupId}-outcomes-${randomUUID()}`,
          maxWaitTimeInMs: 100,
          sessionTimeout: this.config.kafkaSessionTimeoutMs,
          heartbeatInterval: this.config.kafkaHeartbeatIntervalMs,
          retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: this.config.kafkaMaxRetryMs },
        });
        this.consumer = consumer;
        // As the inbound consumer: a crash kafkajs will not restart by itself starts a new listener.
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (payload.restart || this.stopping || this.consumer !== consumer) return;
          void consumer.disconnect().catch(() => undefined);
          void this.start();
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [TOPICS.settlementEvents], fromBeginning: false });
        await consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (this.waiters.size === 0) return;
            for (const m of batch.messages) this.notify(m.value);
          },
        });
        return;
      } catch (err) {
        this.log.warn(`outcome listener start failed (attempt ${attempt}): ${(err as Error).message}`);
        await this.consumer?.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(this.config.kafkaMaxRetryMs, 250 * attempt)));
      }
    }
  }

  private notify(value: Buffer | null): void {
    if (!value) return;
    let event: { type?: unknown; subject?: unknown; data?: { reversalId?: unknown } };
    try {
      event = JSON.parse(value.toString('utf8')) as typeof event;
    } catch {
      return;
    }
    const type = String(event.type);
    if (type.startsWith('charge.')) this.wake(`c|${String(event.subject)}`);
    if (type === 'charge.reversed' || type === 'reversal.rejected') this.wake(`r|${String(event.data?.reversalId)}`);
  }

  private wake(key: string): void {
    for (const w of this.waiters.get(key) ?? []) w();
  }
}
