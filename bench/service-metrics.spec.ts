import { parseMetrics, stepServiceMetrics } from './service-metrics';

const text = (
  tx: number,
  msgs: number,
  sum: number,
  count: number,
) => `# HELP gongji_batch_messages Messages settled per database transaction
# TYPE gongji_batch_messages histogram
gongji_batch_messages_bucket{le="1"} 3
gongji_batch_messages_sum ${msgs}
gongji_batch_messages_count ${tx}
gongji_message_processing_seconds_sum ${sum}
gongji_message_processing_seconds_count ${count}
`;

describe('service metrics', () => {
  it('reads the counters and turns two snapshots into per-step figures', () => {
    const a = parseMetrics(text(10, 100, 1.5, 100));
    const b = parseMetrics(text(30, 1100, 41.5, 1100));
    expect(a).toEqual({ transactions: 10, messages: 100, processingSecondsSum: 1.5, processingCount: 100 });
    const s = stepServiceMetrics(a, b, 2);
    expect(s.transactions).toBe(20);
    expect(s.transactionsPerS).toBe(10);
    expect(s.meanMessagesPerTransaction).toBe(50);
    expect(s.meanTransactionMs).toBeCloseTo(40, 9);
  });
});
