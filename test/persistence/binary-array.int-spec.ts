import fc from 'fast-check';
import { Pool } from 'pg';
import { binaryArray } from '../../apps/settlement-service/src/store/binary-array';
import { CombinedWrite } from '../../apps/settlement-service/src/store/combined-write';
import { SqlRunner } from '../../apps/settlement-service/src/store/sql-runner';
import { TEST_DATABASE_URL } from '../support/test-config';

describe('binary arrays read by PostgreSQL', () => {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  afterAll(() => pool.end());
  /** A runner on the pool (unnamed statements, as the test sends each text once). */
  const onPool: SqlRunner = {
    query: async <Row>(text: string, values: readonly unknown[] = []) =>
      (await pool.query(text, values as unknown[])).rows as Row[],
    prepared: async <Row>(text: string, values: readonly unknown[]) =>
      (await pool.query(text, values as unknown[])).rows as Row[],
  };

  const readBack = async (values: (string | null)[]) =>
    (
      await pool.query<{ v: string | null; n: string }>(
        'SELECT v, n FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n',
        [binaryArray('text', values)],
      )
    ).rows.map((r) => r.v);

  it('gives every text back exactly, in order, whatever it holds', async () => {
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

  it('gives the extremes of every other type back exactly', async () => {
    await pool.query(`SET TIME ZONE 'UTC'`);
    const { rows } = await pool.query(
      `SELECT a::text AS a, b, c::text AS c, d FROM unnest($1::int8[], $2::int4[], $3::timestamptz[], $4::bool[]) AS v(a, b, c, d)`,
      [
        binaryArray('int8', [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n]),
        binaryArray('int4', [-(2 ** 31), 2 ** 31 - 1, 0]),
        binaryArray('timestamptz', [
          new Date('1999-12-31T23:59:59.999Z'),
          new Date('2026-12-02T08:30:00.123+08:00'),
          null,
        ]),
        binaryArray('bool', [true, false, null]),
      ],
    );
    expect(rows).toEqual([
      { a: '-9223372036854775808', b: -(2 ** 31), c: '1999-12-31 23:59:59.999+00', d: true },
      { a: '9223372036854775807', b: 2 ** 31 - 1, c: '2026-12-02 00:30:00.123+00', d: false },
      { a: '9007199254740993', b: 0, c: null, d: null },
    ]);
  });

  it('an empty array is no rows; a prepared statement takes it like any other', async () => {
    expect(await readBack([])).toEqual([]);
    const q = (values: string[]) =>
      pool.query({
        name: 'binary-array-spec',
        text: 'SELECT count(*)::int AS n FROM unnest($1::text[])',
        values: [binaryArray('text', values)],
      });
    expect((await q(['a', 'b'])).rows[0].n).toBe(2);
    expect((await q([])).rows[0].n).toBe(0);
  });

  it('CombinedWrite.rows reads back as the rows it was given, column by column', async () => {
    const row = fc.record({
      text: fc.option(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')),
        { nil: null },
      ),
      int4: fc.option(fc.integer(), { nil: null }),
      int8: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
      at: fc.option(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        { nil: null },
      ),
      flag: fc.option(fc.boolean(), { nil: null }),
      json: fc.option(fc.json(), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 30 }), async (rows) => {
        const w = new CombinedWrite();
        const indexed = rows.map((r, n) => ({ ...r, n }));
        w.add(
          `SELECT n, text, int4, int8::text AS int8, at, flag, json FROM ${w.rows(indexed, {
            n: ['int4', (r) => r.n],
            text: ['text', (r) => r.text],
            int4: ['int4', (r) => r.int4],
            int8: ['int8', (r) => r.int8],
            at: ['timestamptz', (r) => r.at],
            flag: ['bool', (r) => r.flag],
            json: ['json', (r) => r.json],
          })} AS v`,
          'v',
        );
        const back = await w.run<Record<string, unknown>>(onPool, 'SELECT * FROM v ORDER BY n');
        expect(back).toEqual(
          indexed.map((r) => ({
            n: r.n,
            text: r.text,
            int4: r.int4,
            int8: r.int8 === null ? null : r.int8.toString(),
            at: r.at,
            flag: r.flag,
            json: r.json === null ? null : JSON.parse(r.json),
          })),
        );
      }),
      { numRuns: 60 },
    );
  });
});
