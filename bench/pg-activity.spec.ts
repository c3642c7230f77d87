import { classifyActivity, describeActivity } from './pg-activity';

describe('classifyActivity', () => {
  it('tells running, lock waits, commit flushes and open transactions apart', () => {
    expect(classifyActivity('active', null, null)).toBe('running a query (CPU)');
    expect(classifyActivity('active', 'Lock', 'transactionid')).toContain('lock held by another transaction');
    expect(classifyActivity('active', 'IO', 'WALSync')).toContain('WAL flush');
    expect(classifyActivity('idle in transaction', 'Client', 'ClientRead')).toContain('waiting for the service');
    expect(classifyActivity('idle', 'Client', 'ClientRead')).toBe('idle (no transaction)');
  });

  it('describes the busiest states, idle sessions left out', () => {
    expect(
      describeActivity([
        { what: 'idle (no transaction)', sessions: 5 },
        { what: 'running a query (CPU)', sessions: 1.2 },
      ]),
    ).toBe('1.2 running a query (CPU)');
  });
});
