import { MAX_NAMED_STATEMENTS, statementName } from './statement-name';

describe('statementName', () => {
  it('names a text the same way every time, and different texts differently', () => {
    const a = statementName('SELECT 1 AS a');
    expect(a).toMatch(/^gongji_[0-9a-f]{24}$/);
    expect(statementName('SELECT 1 AS a')).toBe(a);
    expect(statementName('SELECT 1 AS b')).not.toBe(a);
  });

  it('stops naming new texts past the bound, so no connection prepares statements without end', () => {
    const named = Array.from({ length: MAX_NAMED_STATEMENTS + 10 }, (_, i) => statementName(`SELECT ${i} AS n`));
    const withName = named.filter((n) => n !== undefined);
    expect(withName.length).toBeLessThanOrEqual(MAX_NAMED_STATEMENTS);
    expect(named[named.length - 1]).toBeUndefined();
    // Texts named before the bound was reached keep their names.
    expect(statementName('SELECT 0 AS n')).toBe(named[0]);
  });
});
