import { OutcomeTracker, type SettlementEvent } from '../apps/pos-simulator/src/outcome-tracker';
import { drainThroughput, stepResult } from './step-metrics';

const settled = (id: string): SettlementEvent => ({
  id: `charge.settled:${id}`,
  type: 'charge.settled',
  subject: id,
  data: { amounts: {} },
});

describe('stepResult', () => {
  it('measures answered charges per second from the first send to the last answer, and latency per charge', () => {
    const t = new OutcomeTracker();
    for (let i = 0; i < 100; i++) {
      t.expectCharge(`c${i}`, i * 10); // 100/s for 1 s
      t.ingest(settled(`c${i}`), i * 10 + 20); // each answered 20 ms later
    }
    const r = stepResult('100/s', 100, t, { abortedEarly: false, wallSeconds: 1 });
    expect(r.answered).toBe(100);
    expect(r.achievedPerS).toBeCloseTo(100 / 1.01, 6);
    expect(r.latencyMs.p50).toBe(20);
    expect(r.latencyMs.p99).toBe(20);
    expect(r.saturated).toBe(false);
    expect(r.settled).toBe(100);
  });

  it('calls a step saturated when stopped early or under 95% of the offered rate', () => {
    const t = new OutcomeTracker();
    for (let i = 0; i < 10; i++) {
      t.expectCharge(`c${i}`, 0);
      t.ingest(settled(`c${i}`), 1000 + i * 100);
    }
    expect(stepResult('x', 100, t, { abortedEarly: false, wallSeconds: 2 }).saturated).toBe(true);
    expect(stepResult('x', 5, t, { abortedEarly: false, wallSeconds: 2 }).saturated).toBe(false);
    expect(stepResult('x', 5, t, { abortedEarly: true, wallSeconds: 2 }).saturated).toBe(true);
  });

  it('counts charges without or with several final outcomes', () => {
    const t = new OutcomeTracker();
    t.expectCharge('a', 0);
    t.expectCharge('b', 0);
    t.ingest(settled('b'), 5);
    t.ingest({ id: 'x', type: 'charge.rejected', subject: 'b', data: { reason: { code: 'STALE_CHARGE' } } }, 6);
    const r = stepResult('x', null, t, { abortedEarly: false, wallSeconds: 1 });
    expect(r.withoutFinal).toBe(1);
    expect(r.withSeveralFinals).toBe(1);
  });
});

describe('drainThroughput', () => {
  it('counts intervals between the first and the last answer', () => {
    expect(drainThroughput([1000, 1500, 2000])).toEqual({ perS: 2, seconds: 1 });
    expect(drainThroughput([5])).toEqual({ perS: 0, seconds: 0 });
  });
});
