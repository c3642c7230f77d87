import { UsageError, newRunId, parseOptions } from './cli-options';

describe('parseOptions', () => {
  const env = { AUTH_JWT_SECRET: 'secret-0123456789abcdef', HTTP_PORT: '3100', KAFKA_BROKERS: 'a:1, b:2' };

  it('takes defaults from the environment the service uses', () => {
    const o = parseOptions([], env);
    expect(o).toMatchObject({
      seed: 42,
      rate: 200,
      durationS: 60,
      population: 1500,
      apiUrl: 'http://127.0.0.1:3100',
      brokers: ['a:1', 'b:2'],
    });
    expect(o.jwtSecret).toBe(env.AUTH_JWT_SECRET);
  });

  it("leaves the season, HTTP merchants, routing, merchant day and statements off unless asked (the drill's runs)", () => {
    expect(parseOptions([], env)).toMatchObject({
      seasonShare: 0,
      httpShare: 0,
      routing: false,
      merchantDay: false,
      statements: 0,
    });
    expect(
      parseOptions(
        ['--season', '0.3', '--http-share', '0.25', '--routing', '--merchant-day', '--statements', '8'],
        env,
      ),
    ).toMatchObject({ seasonShare: 0.3, httpShare: 0.25, routing: true, merchantDay: true, statements: 8 });
    expect(() => parseOptions(['--season', '1.5'], env)).toThrow(UsageError);
    expect(() => parseOptions(['--statements', '2.5'], env)).toThrow(UsageError);
  });

  it('reads the flags', () => {
    const o = parseOptions(
      [
        '--seed',
        '7',
        '--rate',
        '12.5',
        '--duration',
        '3',
        '--population',
        '99',
        '--api',
        'http://h:1/',
        '--run-id',
        'abc1',
        '--no-progress',
      ],
      env,
    );
    expect(o).toMatchObject({
      seed: 7,
      rate: 12.5,
      durationS: 3,
      population: 99,
      apiUrl: 'http://h:1',
      runId: 'abc1',
      progress: false,
    });
  });

  it('refuses bad values, unknown flags and a missing secret', () => {
    expect(() => parseOptions(['--seed', '-1'], env)).toThrow(UsageError);
    expect(() => parseOptions(['--population', '2.5'], env)).toThrow(UsageError);
    expect(() => parseOptions(['--rate'], env)).toThrow(UsageError);
    expect(() => parseOptions(['--run-id', 'has-dash'], env)).toThrow(UsageError);
    expect(() => parseOptions(['--bogus'], env)).toThrow(UsageError);
    expect(() => parseOptions([], {})).toThrow(/JWT secret/);
    expect(parseOptions(['--fast-forward-group', 'g'], {}).fastForwardGroup).toBe('g');
  });

  it('reads the fault-drill flags; poison implies the DLQ check', () => {
    expect(parseOptions([], env)).toMatchObject({ timelineOut: null, poisonShare: 0, dlqCheck: false, dlqWaitS: 60 });
    expect(parseOptions(['--timeline', 't.jsonl', '--poison-share', '0.005', '--dlq-wait', '20'], env)).toMatchObject({
      timelineOut: 't.jsonl',
      poisonShare: 0.005,
      dlqCheck: true,
      dlqWaitS: 20,
    });
    expect(parseOptions(['--dlq-check'], env).dlqCheck).toBe(true);
    expect(() => parseOptions(['--poison-share', '1'], env)).toThrow(UsageError);
    expect(() => parseOptions(['--poison-share', '-0.1'], env)).toThrow(UsageError);
  });

  it('makes run ids that fit the identifier format and change over time', () => {
    expect(newRunId(1_795_000_000_000)).toMatch(/^[A-Za-z0-9]{1,16}$/);
    expect(newRunId(1_795_000_000_000)).not.toBe(newRunId(1_795_000_000_100));
  });
});
