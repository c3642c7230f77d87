import { charge, item } from '../test-support/fixtures';
import { checkChargeArithmetic } from './check-charge-arithmetic';
import { MAX_CONTRACT_FEN } from './money';

describe('checkChargeArithmetic', () => {
  it('accepts a sound charge', () => {
    expect(checkChargeArithmetic(charge('P1', [item(), item({ amountFen: 100n, fundPaidFen: 100n })]))).toBeNull();
  });

  it.each([
    ['no items', charge('P1', []), 'items'],
    [
      '201 items',
      charge(
        'P1',
        Array.from({ length: 201 }, () => item()),
      ),
      'items',
    ],
    ['negative amount', charge('P1', [item({ amountFen: -1n })]), 'items[0].amountFen'],
    ['amount above 10^12', charge('P1', [item({ amountFen: MAX_CONTRACT_FEN + 1n })]), 'items[0].amountFen'],
    ['negative fund part', charge('P1', [item(), item({ fundPaidFen: -1n })]), 'items[1].fundPaidFen'],
    ['fund part above the amount', charge('P1', [item({ amountFen: 10n, fundPaidFen: 11n })]), 'items[0].fundPaidFen'],
    ['total above 10^12', charge('P1', [item()], { totalFen: MAX_CONTRACT_FEN + 1n }), 'totalFen'],
    ['total not the sum', charge('P1', [item({ amountFen: 10n })], { totalFen: 11n }), 'totalFen'],
  ])('INVALID_CHARGE for %s, naming %s', (_, bad, field) => {
    const rejection = checkChargeArithmetic(bad);
    expect(rejection).toMatchObject({ kind: 'REJECTED', code: 'INVALID_CHARGE' });
    expect(rejection?.message.startsWith(`${field}:`)).toBe(true);
  });
});
