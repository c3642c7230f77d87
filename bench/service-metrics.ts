/**
 * The service's own Prometheus counters around a step (GET /metrics): how many transactions it
 * ran, how many messages each held, and how long each took from hand-over to commit. They tell
 * whether the time goes to the database transactions or around them (Kafka, the outbox relay).
 */

export interface MetricsSnapshot {
  /** gongji_batch_messages_count: transactions settled. */
  readonly transactions: number;
  /** gongji_batch_messages_sum: messages in them. */
  readonly messages: number;
  /** gongji_message_processing_seconds_sum: per message, its batch's hand-over-to-commit time. */
  readonly processingSecondsSum: number;
  readonly processingCount: number;
}

export interface StepServiceMetrics {
  readonly transactions: number;
  readonly transactionsPerS: number;
  readonly meanMessagesPerTransaction: number;
  /** Mean time from a batch's hand-over to its commit, weighted by messages (ms). */
  readonly meanTransactionMs: number;
}

export function parseMetrics(text: string): MetricsSnapshot {
  const value = (name: string): number => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  return {
    transactions: value('gongji_batch_messages_count'),
    messages: value('gongji_batch_messages_sum'),
    processingSecondsSum: value('gongji_message_processing_seconds_sum'),
    processingCount: value('gongji_message_processing_seconds_count'),
  };
}

export function stepServiceMetrics(
  before: MetricsSnapshot,
  after: MetricsSnapshot,
  wallSeconds: number,
): StepServiceMetrics {
  const transactions = after.transactions - before.transactions;
  const messages = after.messages - before.messages;
  const count = after.processingCount - before.processingCount;
  return {
    transactions,
    transactionsPerS: wallSeconds > 0 ? transactions / wallSeconds : 0,
    meanMessagesPerTransaction: transactions > 0 ? messages / transactions : 0,
    meanTransactionMs: count > 0 ? ((after.processingSecondsSum - before.processingSecondsSum) / count) * 1000 : 0,
  };
}

export async function scrapeMetrics(baseUrl: string): Promise<MetricsSnapshot | null> {
  try {
    const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? parseMetrics(await res.text()) : null;
  } catch {
    return null;
  }
}
