import { BUILT_IN_POLICY_BOOK } from './built-in-policy-book';
import { checkMonthlyLimit, checkRelativesMonthlyLimit } from './check-monthly-limit';
import { MAX_CONTRACT_FEN } from './money';
import { resolvePolicyAt } from './resolve-policy-at';

const TODAY = '2026-11-22';
const national = resolvePolicyAt(BUILT_IN_POLICY_BOOK, '110101', TODAY);
const shaanxi = resolvePolicyAt(BUILT_IN_POLICY_BOOK, '610102', TODAY);
const taian = resolvePolicyAt(BUILT_IN_POLICY_BOOK, '370902', TODAY);

describe('checkMonthlyLimit', () => {
  it.each([
    [20_000n, true],
    [200_000n, true],
    [100_000n, true],
    [19_999n, false],
    [200_001n, false],
    [null, false],
    [0n, false],
  ])('seed 001_a5f479d59029a871 (Shaanxi): monthly limit 200..2000 yuan inclusive, required: %p -> %p', (limit, ok) => {
    const result = checkMonthlyLimit(shaanxi, limit);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.code).toBe('LIMIT_OUT_OF_RANGE');
  });

  it('the Shaanxi message states the range in fen and yuan', () => {
    expect(checkMonthlyLimit(shaanxi, null)).toMatchObject({
      message: expect.stringContaining('200.00..2000.00 yuan'),
    });
  });

  it.each([
    [null, true],
    [1n, true],
    [MAX_CONTRACT_FEN, true],
    [0n, false],
    [-5n, false],
    [MAX_CONTRACT_FEN + 1n, false],
  ])('seed 002_932bae2467fbe663 (national): no range, null = no limit, else positive: %p -> %p', (limit, ok) => {
    expect(checkMonthlyLimit(national, limit).ok).toBe(ok);
  });
});

describe('checkRelativesMonthlyLimit', () => {
  it("Tai'an: the holder may set one positive limit for all relatives, or clear it", () => {
    expect(checkRelativesMonthlyLimit(taian, 50_000n)).toEqual({ ok: true });
    expect(checkRelativesMonthlyLimit(taian, null)).toEqual({ ok: true });
    expect(checkRelativesMonthlyLimit(taian, 0n)).toMatchObject({ ok: false, code: 'LIMIT_OUT_OF_RANGE' });
    expect(checkRelativesMonthlyLimit(taian, MAX_CONTRACT_FEN + 1n)).toMatchObject({
      ok: false,
      code: 'LIMIT_OUT_OF_RANGE',
    });
  });

  it('other regions: refused with LIMIT_OUT_OF_RANGE; clearing is always allowed', () => {
    expect(checkRelativesMonthlyLimit(national, 50_000n)).toEqual({
      ok: false,
      code: 'LIMIT_OUT_OF_RANGE',
      message: 'region policy 00@2024-01-01 has no total monthly limit for relatives',
    });
    expect(checkRelativesMonthlyLimit(shaanxi, 50_000n)).toMatchObject({ ok: false, code: 'LIMIT_OUT_OF_RANGE' });
    expect(checkRelativesMonthlyLimit(national, null)).toEqual({ ok: true });
  });
});
