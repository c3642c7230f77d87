import { CombinedWrite } from './combined-write';

describe('CombinedWrite.insertRows', () => {
  it('inserts and selects the same columns, in the order of the column map, with the tail after', () => {
    const w = new CombinedWrite();
    const text = w.insertRows(
      'settlement_legs',
      [{ amount: 5n, after: 0n }],
      { amount_fen: ['int8', (r) => r.amount], balance_after_fen: ['int8', (r) => r.after] },
      'RETURNING charge_id',
    );
    expect(text).toBe(
      'INSERT INTO settlement_legs (amount_fen, balance_after_fen) SELECT amount_fen, balance_after_fen FROM ' +
        '(SELECT amount_fen, balance_after_fen FROM unnest($1::int8[], $2::int8[]) AS u(amount_fen, balance_after_fen)) AS v ' +
        'RETURNING charge_id',
    );
  });

  it('ends at the rows when there is no tail', () => {
    const text = new CombinedWrite().insertRows('t', [], { a: ['text', (r: { a: string }) => r.a] });
    expect(text.endsWith('AS u(a)) AS v')).toBe(true);
  });
});
