import { attributeProblems, faultChecks, oneDecimalS, overallChecks, type FaultMeasure } from './verdict';

describe('attributeProblems', () => {
  it('puts each charge in the window of the fault injected last before it was planned', () => {
    const starts = [1000, 5000, 9000];
    const w = attributeProblems(
      [
        { chargeId: 'a', plannedAtMs: 500, finals: [] },
        { chargeId: 'b', plannedAtMs: 1000, finals: [] },
        { chargeId: 'c', plannedAtMs: 6000, finals: ['settled', 'rejected STALE_CHARGE'] },
        { chargeId: 'd', plannedAtMs: 12_000, finals: [] },
        { chargeId: 'e', plannedAtMs: null, finals: [] },
      ],
      starts,
    );
    expect(w.get(-1)).toMatchObject({ withoutFinal: 1, withSeveralFinals: 0 });
    expect(w.get(0)).toMatchObject({ withoutFinal: 1 });
    expect(w.get(1)).toEqual({
      withoutFinal: 0,
      withSeveralFinals: 1,
      examples: ['c: settled + rejected STALE_CHARGE'],
    });
    expect(w.get(2)).toMatchObject({ withoutFinal: 2 });
  });
});

describe('faultChecks', () => {
  const base: FaultMeasure = {
    stall: { overall: { ms: 4000, fromMs: 0 }, worstPartition: { ms: 4000, fromMs: 0, partition: '1' } },
    resumption: { firstAnswerMs: 800, allPartitionsMs: 2500, silentPartitions: [] },
    resumeFromWhat: 'the broker back',
    counts: { withoutFinal: 0, withSeveralFinals: 0, examples: [] },
    unexpectedExits: 0,
  };

  it('passes a fault that resumed in time and lost nothing', () => {
    expect(faultChecks(base, 10).every((c) => c.ok)).toBe(true);
  });

  it('fails a late resumption, and one that never came before the next fault', () => {
    const late = faultChecks({ ...base, resumption: { ...base.resumption, allPartitionsMs: 31_000 } }, 10);
    expect(late[0]).toMatchObject({ ok: false, detail: expect.stringContaining('31.0 s') });
    const never = faultChecks(
      { ...base, resumption: { firstAnswerMs: 200, allPartitionsMs: null, silentPartitions: ['4', '9'] } },
      10,
    );
    expect(never[0]).toMatchObject({ ok: false, detail: expect.stringContaining('4, 9 silent') });
  });

  it('fails a fault that did not take effect', () => {
    const c = faultChecks({ ...base, effective: { ok: false, detail: 'a probe write was accepted' } }, 10);
    expect(c[0]).toEqual({ name: 'the fault took effect', ok: false, detail: 'a probe write was accepted' });
  });

  it('fails on charges of its window without or with several final outcomes', () => {
    const c = faultChecks({ ...base, counts: { withoutFinal: 3, withSeveralFinals: 1, examples: ['x: none'] } }, 10);
    expect(c.map((x) => x.ok)).toEqual([true, false, false]);
  });
});

describe('overallChecks', () => {
  const ok = {
    charges: 100,
    withoutFinal: 0,
    withSeveralFinals: 0,
    outboxAtEnd: 0,
    simulatorChecks: [{ name: 'journal balanced', ok: true, detail: '' }],
    faultsPassed: 7,
    faults: 7,
  };

  it('passes when everything holds', () => {
    expect(overallChecks(ok).every((c) => c.ok)).toBe(true);
  });

  it('fails on an outbox not empty or unreadable, a failed simulator check, a failed fault', () => {
    expect(overallChecks({ ...ok, outboxAtEnd: 12 }).find((c) => !c.ok)?.name).toBe('outbox empty at the end');
    expect(overallChecks({ ...ok, outboxAtEnd: null }).find((c) => !c.ok)?.detail).toBe('could not be read');
    const sim = overallChecks({
      ...ok,
      simulatorChecks: [{ name: 'journal balanced', ok: false, detail: '1 unbalanced' }],
    });
    expect(sim.find((c) => !c.ok)?.detail).toContain('journal balanced (1 unbalanced)');
    expect(overallChecks({ ...ok, faultsPassed: 5 }).find((c) => !c.ok)?.detail).toBe('5 of 7');
    expect(overallChecks({ ...ok, simulatorChecks: [] }).some((c) => !c.ok)).toBe(true);
  });
});

describe('oneDecimalS', () => {
  it('writes milliseconds as seconds with one decimal', () => {
    expect([oneDecimalS(0), oneDecimalS(31_040), oneDecimalS(950), oneDecimalS(-1200), oneDecimalS(null)]).toEqual([
      '0.0',
      '31.0',
      '1.0',
      '-1.2',
      '-',
    ]);
  });
});
