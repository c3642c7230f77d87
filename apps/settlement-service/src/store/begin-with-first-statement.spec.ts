import { deferBeginToFirstStatement, QueryingClient } from './begin-with-first-statement';

/** Records what would go over the wire: one entry per message, answered like node-postgres. */
class RecordingClient implements QueryingClient {
  readonly sent: unknown[][] = [];

  query(...args: unknown[]): Promise<unknown> {
    this.sent.push(args);
    const text = typeof args[0] === 'string' ? args[0] : '';
    const statements = text.split(';\n');
    const results = statements.map((statement) => ({ command: statement.split(' ')[0], rows: [{ statement }] }));
    return Promise.resolve(results.length === 1 ? results[0] : results);
  }
}

describe('deferBeginToFirstStatement', () => {
  it('sends the BEGIN in one message with the next plain statement, and answers each as if sent alone', async () => {
    const client = new RecordingClient();
    deferBeginToFirstStatement(client);
    const begun = (await client.query('START TRANSACTION')) as { command: string; rows: unknown[] };
    expect(begun).toMatchObject({ command: 'BEGIN', rows: [] });
    expect(client.sent).toEqual([]);

    const one = await client.query('SELECT a');
    expect(one).toEqual({ command: 'SELECT', rows: [{ statement: 'SELECT a' }] });
    expect(client.sent).toEqual([['START TRANSACTION;\nSELECT a']]);

    await client.query('SELECT b', []);
    expect(client.sent).toEqual([['START TRANSACTION;\nSELECT a'], ['SELECT b', []]]);
  });

  it('gives a multi-statement text its own results without the BEGIN one', async () => {
    const client = new RecordingClient();
    deferBeginToFirstStatement(client);
    await client.query('START TRANSACTION', undefined);
    const results = await client.query('SELECT a;\nSELECT b');
    expect(results).toEqual([
      { command: 'SELECT', rows: [{ statement: 'SELECT a' }] },
      { command: 'SELECT', rows: [{ statement: 'SELECT b' }] },
    ]);
  });

  it('sends the BEGIN alone, first, before a statement with parameters', async () => {
    const client = new RecordingClient();
    deferBeginToFirstStatement(client);
    await client.query('START TRANSACTION');
    const config = { name: 'w', text: 'INSERT x', values: [1] };
    await client.query(config);
    await client.query('SELECT $1', ['v']);
    expect(client.sent).toEqual([['START TRANSACTION'], [config], ['SELECT $1', ['v']]]);
  });

  it('passes everything through untouched when no BEGIN is waiting', async () => {
    const client = new RecordingClient();
    deferBeginToFirstStatement(client);
    await client.query('SELECT 1');
    await client.query('START TRANSACTION', ['not', 'a', 'begin']);
    expect(client.sent).toEqual([['SELECT 1'], ['START TRANSACTION', ['not', 'a', 'begin']]]);
  });

  it('puts the client back as it was', async () => {
    const client = new RecordingClient();
    const restore = deferBeginToFirstStatement(client);
    restore();
    expect(Object.prototype.hasOwnProperty.call(client, 'query')).toBe(false);
    await client.query('START TRANSACTION');
    expect(client.sent).toEqual([['START TRANSACTION']]);

    const own = { sent: [] as unknown[], query: (...args: unknown[]) => Promise.resolve(own.sent.push(args)) };
    const ownQuery = own.query;
    deferBeginToFirstStatement(own)();
    expect(own.query).toBe(ownQuery);
  });
});
