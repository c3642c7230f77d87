import { Pool } from 'pg';
import { binaryTextArray } from '../../apps/settlement-service/src/persistence/binary-text-array';
import { TEST_DATABASE_URL } from '../support/test-config';

describe('binaryTextArray read by PostgreSQL', () => {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  afterAll(() => pool.end());

  const readBack = async (values: (string | null)[]) =>
    (
      await pool.query<{ v: string | null; n: string }>(
        'SELECT v, n FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n',
        [binaryTextArray(values)],
      )
    ).rows.map((r) => r.v);

  it('gives every value back exactly, in order, whatever it holds', async () => {
    const values = [
      '{"name":"头孢克肟分散片 x2","amountFen":4000}',
      `it's "quoted" \\ back\\slash {a,b} NULL`,
      '',
      null,
      'NULL',
      '😀 outside the BMP',
      'x'.repeat(200_000),
      ' leading and trailing spaces ',
    ];
    expect(await readBack(values)).toEqual(values);
  });

  it('an empty array is no rows; a prepared statement takes it like any other', async () => {
    expect(await readBack([])).toEqual([]);
    const q = (values: string[]) =>
      pool.query({
        name: 'binary-text-array-spec',
        text: 'SELECT count(*)::int AS n FROM unnest($1::text[])',
        values: [binaryTextArray(values)],
      });
    expect((await q(['a', 'b'])).rows[0].n).toBe(2);
    expect((await q([])).rows[0].n).toBe(0);
  });
});
