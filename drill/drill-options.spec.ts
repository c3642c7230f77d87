import { DrillUsageError, FAULT_NAMES, parseDrillOptions } from './drill-options';

describe('parseDrillOptions', () => {
  it('runs every fault twice, then all together, at 300 charges/s on one instance by default', () => {
    expect(parseDrillOptions([])).toMatchObject({
      instances: 1,
      rate: 300,
      population: 1500,
      faults: [...FAULT_NAMES],
      allTogether: true,
      repeat: 2,
      short: false,
      keep: false,
      resumeLimitS: 10,
    });
  });

  it('--short: each fault once, small load, short gaps', () => {
    const o = parseDrillOptions(['--short']);
    expect(o).toMatchObject({ short: true, repeat: 1, rate: 100, population: 600, recoveryS: 8 });
    expect(parseDrillOptions(['--rate', '50', '--short']).rate).toBe(50);
  });

  it('reads the fault list, in the order given, with or without the all-together round', () => {
    expect(parseDrillOptions(['--faults', 'broker,kill'])).toMatchObject({
      faults: ['broker', 'kill'],
      allTogether: false,
    });
    expect(parseDrillOptions(['--faults', 'all-together'])).toMatchObject({ faults: [], allTogether: true });
  });

  it('refuses unknown faults and options and values out of range', () => {
    expect(() => parseDrillOptions(['--faults', 'kill,flood'])).toThrow(/unknown flood/);
    expect(() => parseDrillOptions(['--instances', '0'])).toThrow(DrillUsageError);
    expect(() => parseDrillOptions(['--instances', '1.5'])).toThrow(DrillUsageError);
    expect(() => parseDrillOptions(['--rate'])).toThrow(/needs a value/);
    expect(() => parseDrillOptions(['--fast'])).toThrow(/unknown option/);
    expect(() => parseDrillOptions(['--help'])).toThrow(DrillUsageError);
  });

  it('takes --keep and leaves --down to scripts/drill.sh', () => {
    expect(parseDrillOptions(['--keep', '--instances', '2'])).toMatchObject({ keep: true, instances: 2 });
    expect(() => parseDrillOptions(['--down'])).not.toThrow();
  });
});
