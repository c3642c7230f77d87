import { compareDayTotals, type DayTotals } from './compare-day-totals';

const ours: DayTotals = {
  settledCount: 3,
  acctPayFen: 1200n,
  acctMulaidPayFen: 400n,
  reversedCount: 1,
  reversedFen: 300n,
};

describe('compareDayTotals', () => {
  it('matches when every figure is equal', () => {
    expect(compareDayTotals({ ...ours }, ours)).toEqual({ result: 'MATCHED', differences: [] });
  });

  it('names every differing field, in contract order', () => {
    const theirs = { ...ours, reversedFen: 301n, settledCount: 4 };
    expect(compareDayTotals(theirs, ours)).toEqual({
      result: 'MISMATCHED',
      differences: ['settledCount', 'reversedFen'],
    });
  });

  it('tells one fen apart', () => {
    expect(compareDayTotals({ ...ours, acctMulaidPayFen: 399n }, ours).differences).toEqual(['acctMulaidPayFen']);
  });
});
