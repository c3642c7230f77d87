import { parseCommandLine } from './parse-options';

const spec = { valued: ['reason', 'limit'], flags: ['yes', 'dry-run', 'help'] };

describe('parseCommandLine', () => {
  it('reads a command, valued options (both spellings) and flags', () => {
    const p = parseCommandLine(['replay', '--reason', 'MISSING_ID', '--limit=5', '--yes'], spec);
    expect(p.command).toBe('replay');
    expect(p.options).toEqual({ reason: 'MISSING_ID', limit: '5' });
    expect([...p.flags]).toEqual(['yes']);
    expect(parseCommandLine(['-h'], spec).flags.has('help')).toBe(true);
  });

  it.each([
    [['replay', '--reson', 'X'], /unknown option --reson/],
    [['replay', '--reason'], /needs a value/],
    [['replay', '--reason', '--yes'], /needs a value/],
    [['replay', '--yes=1'], /takes no value/],
    [['replay', 'list'], /unexpected argument/],
    [['replay', '--limit', '1', '--limit', '2'], /given twice/],
  ])('refuses %j: a mistyped filter must not widen a replay', (argv, message) => {
    expect(() => parseCommandLine(argv, spec)).toThrow(message);
  });
});
