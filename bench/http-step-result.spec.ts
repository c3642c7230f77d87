import { httpStepResult, type HttpCall } from './http-step-result';

describe('httpStepResult', () => {
  it('takes latency and throughput from the 200 answers only', () => {
    const calls: HttpCall[] = [];
    for (let i = 0; i < 100; i++) calls.push({ sentMs: i * 10, doneMs: i * 10 + 20, status: 200 });
    const r = httpStepResult('100/s', 100, calls, { abortedEarly: false, wallSeconds: 1 });
    expect(r.byStatus).toEqual({ 200: 100 });
    expect(r.latencyMs.p50).toBe(20);
    expect(Math.round(r.achievedPerS)).toBe(99); // 100 answers from the first send (0) to the last answer (1010 ms)
    expect(r.saturated).toBe(false);
  });

  it('is saturated when answers are not final (202) or fail (503, 0)', () => {
    const calls: HttpCall[] = [];
    for (let i = 0; i < 90; i++) calls.push({ sentMs: i * 10, doneMs: i * 10 + 20, status: 200 });
    for (let i = 0; i < 5; i++) calls.push({ sentMs: 0, doneMs: 10_000, status: 202 });
    for (let i = 0; i < 5; i++) calls.push({ sentMs: 0, doneMs: 5, status: i % 2 ? 503 : 0, attempts: i % 2 ? 1 : 5 });
    const r = httpStepResult('100/s', 100, calls, { abortedEarly: false, wallSeconds: 1 });
    expect(r.byStatus).toEqual({ 200: 90, 202: 5, 503: 2, 0: 3 });
    expect(r.resent).toBe(3);
    expect(r.saturated).toBe(true);
    expect(r.latencyMs.count).toBe(90);
  });
});
