import { shouldRetry } from './api-client';

describe('shouldRetry', () => {
  const refused = { kind: 'network', refused: true } as const;
  const reset = { kind: 'network', refused: false } as const;
  const status = (s: number) => ({ kind: 'status', status: s }) as const;

  it('waits for a service that is away, whatever the request', () => {
    expect(shouldRetry(refused, false, 9)).toBe(true);
    expect(shouldRetry(status(503), false, 9)).toBe(true);
    expect(shouldRetry(refused, true, 9)).toBe(true);
  });

  it('sends an idempotent request again after any network error or gateway error', () => {
    expect(shouldRetry(reset, true, 9)).toBe(true);
    expect(shouldRetry(status(502), true, 9)).toBe(true);
    expect(shouldRetry(status(504), true, 9)).toBe(true);
  });

  it('never sends a non-idempotent request again when it may have been handled', () => {
    expect(shouldRetry(reset, false, 1)).toBe(false);
    expect(shouldRetry(status(500), false, 1)).toBe(false);
    expect(shouldRetry(status(504), false, 1)).toBe(false);
  });

  it('tries another server error a few times only, and never a client error', () => {
    expect(shouldRetry(status(500), true, 3)).toBe(true);
    expect(shouldRetry(status(500), true, 4)).toBe(false);
    expect(shouldRetry(status(404), true, 1)).toBe(false);
    expect(shouldRetry(status(422), true, 1)).toBe(false);
  });
});
