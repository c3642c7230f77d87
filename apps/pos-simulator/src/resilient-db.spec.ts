import { isConnectionError, retryOnConnectionError } from './resilient-db';

const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'x')), props);

describe('isConnectionError', () => {
  it.each([
    err({ code: '57P01', message: 'terminating connection due to administrator command' }),
    err({ code: '57P03', message: 'the database system is starting up' }),
    err({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:55432' }),
    err({ code: '08006', message: 'connection failure' }),
    err({ message: 'Connection terminated unexpectedly' }),
    err({ message: 'timeout exceeded when trying to connect' }),
    err({ message: 'outer', cause: err({ code: 'ECONNRESET' }) }),
  ])('a broken or refused connection: %s', (e) => {
    expect(isConnectionError(e)).toBe(true);
  });

  it.each([
    err({ code: '25006', message: 'cannot execute UPDATE in a read-only transaction' }),
    err({ code: '42P01', message: 'relation "outbox" does not exist' }),
    err({ code: '23505', message: 'duplicate key value violates unique constraint' }),
    null,
    'text',
  ])('not about the connection: %s', (e) => {
    expect(isConnectionError(e)).toBe(false);
  });
});

describe('retryOnConnectionError', () => {
  const policy = { forMs: 1000, firstDelayMs: 100, maxDelayMs: 300 };

  it('tries again after connection errors, with growing waits, until the query succeeds', async () => {
    let clock = 0;
    const waits: number[] = [];
    let calls = 0;
    const result = await retryOnConnectionError(
      async () => {
        calls++;
        if (calls < 4) throw err({ code: '57P01' });
        return 'rows';
      },
      policy,
      undefined,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      () => clock,
    );
    expect(result).toBe('rows');
    expect(waits).toEqual([100, 200, 300]);
  });

  it('gives up after the policy time, with the last error', async () => {
    let clock = 0;
    await expect(
      retryOnConnectionError(
        async () => {
          throw err({ code: 'ECONNREFUSED', message: 'refused' });
        },
        policy,
        undefined,
        async (ms) => {
          clock += ms;
        },
        () => clock,
      ),
    ).rejects.toThrow('refused');
    expect(clock).toBeLessThanOrEqual(1000);
  });

  it('does not retry an error of the statement itself', async () => {
    let calls = 0;
    await expect(
      retryOnConnectionError(async () => {
        calls++;
        throw err({ code: '42601', message: 'syntax error' });
      }, policy),
    ).rejects.toThrow('syntax error');
    expect(calls).toBe(1);
  });
});
