import { benchConfig } from './bench-config';

describe('benchConfig', () => {
  it('has the standard run by default, with no extra service settings', () => {
    const cfg = benchConfig({});
    expect(cfg.rates).toEqual([100, 250, 500, 1000, 2000, 4000, 8000]);
    expect(cfg.saturationCharges).toBe(40_000);
    expect(cfg.configurations).toEqual(['batched', 'one-per-transaction']);
    expect(cfg.serviceEnv).toEqual({});
    expect(cfg.httpRates).toEqual([200, 1000]);
    expect(cfg.contributionShare).toBe(0.05);
  });

  it('takes the HTTP rates and the contribution share, or skips them', () => {
    expect(benchConfig({ BENCH_HTTP_RATES: '1000, 50' }).httpRates).toEqual([50, 1000]);
    expect(benchConfig({ BENCH_HTTP_RATES: '' }).httpRates).toEqual([]);
    expect(benchConfig({ BENCH_CONTRIBUTION_SHARE: '0' }).contributionShare).toBe(0);
    expect(() => benchConfig({ BENCH_CONTRIBUTION_SHARE: '1.5' })).toThrow('BENCH_CONTRIBUTION_SHARE');
    expect(() => benchConfig({ BENCH_HTTP_RATES: '-1' })).toThrow('BENCH_HTTP_RATES');
  });

  it('passes BENCH_SERVICE_ENV_<NAME> to the service as <NAME>, and nothing else', () => {
    const cfg = benchConfig({
      BENCH_SERVICE_ENV_KAFKA_OFFSET_COMMIT_INTERVAL_MS: '1000',
      BENCH_SERVICE_ENV_NODE_OPTIONS: '--max-semi-space-size=16',
      BENCH_SERVICE_ENV_: 'no name',
      BENCH_RATES: '1000,100',
      KAFKA_OFFSET_COMMIT_INTERVAL_MS: '5',
    });
    expect(cfg.serviceEnv).toEqual({
      KAFKA_OFFSET_COMMIT_INTERVAL_MS: '1000',
      NODE_OPTIONS: '--max-semi-space-size=16',
    });
    expect(cfg.rates).toEqual([100, 1000]);
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => benchConfig({ BENCH_STEP_S: '1.5' })).toThrow('BENCH_STEP_S must be a positive whole number');
    expect(() => benchConfig({ BENCH_RATES: '100,x' })).toThrow('BENCH_RATES must be positive numbers');
  });
});
