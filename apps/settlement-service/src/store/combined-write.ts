import { ArrayElementType, ArrayElementValue, binaryArray } from './binary-array';
import { SqlRunner } from './sql-runner';

/** A column type of `rows`: an array element type, or `json` (sent as text, cast in the query). */
export type ColumnType = ArrayElementType | 'json';
type ColumnValue = ArrayElementValue & { json: string };

/** One column of `rows`: its type and how to read it from a row (null or undefined is NULL). */
export type Column<R> = {
  [T in ColumnType]: readonly [type: T, get: (row: R) => ColumnValue[T] | null | undefined];
}[ColumnType];

/**
 * Several set-based writes sent as ONE statement (data-modifying CTEs), so a batch's writes cost
 * one round trip to PostgreSQL instead of one per table: on a busy machine each round trip also
 * waits to be scheduled twice. All parts see the same snapshot, so no part may depend on another
 * part's changes except through RETURNING (e.g. journal entry ids for their lines), and no row
 * may be written by two parts. Foreign keys and the statement triggers check the end result (the
 * AFTER triggers of every part fire when the whole statement ends).
 */
export class CombinedWrite {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];

  /** A placeholder for `value` (`$n`). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /**
   * Rows as a subquery for a FROM clause (`FROM ${w.rows(...)} AS v`): one array parameter per
   * column, sent in binary (see binary-array.ts) and zipped by `unnest`. PostgreSQL copies the
   * values as they are, with no text to parse; a `json` column goes as text and is only checked on
   * its cast. Columns come out in the order given, under their keys' names.
   */
  rows<R>(rows: readonly R[], columns: Readonly<Record<string, Column<R>>>): string {
    const names = Object.keys(columns);
    const arrays = names.map((name) => {
      const [type, get] = columns[name] as readonly [ColumnType, (row: R) => unknown];
      const element = type === 'json' ? 'text' : type;
      // Column<R> ties each getter's result to its type; binaryArray checks the values again.
      const values = rows.map(get) as ArrayElementValue[typeof element][];
      return `${this.param(binaryArray(element, values))}::${element}[]`;
    });
    const select = names.map((name) => (columns[name][0] === 'json' ? `${name}::json AS ${name}` : name));
    return `(SELECT ${select.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')}))`;
  }

  /**
   * `INSERT INTO table (columns) SELECT columns FROM rows`, then `tail` (ON CONFLICT, RETURNING):
   * the column list comes from `columns` alone, so the inserted and the selected columns cannot
   * drift apart (two text or two int8 columns swapped in one list would pass every type check).
   */
  insertRows<R>(table: string, rows: readonly R[], columns: Readonly<Record<string, Column<R>>>, tail = ''): string {
    const names = Object.keys(columns).join(', ');
    return `INSERT INTO ${table} (${names}) SELECT ${names} FROM ${this.rows(rows, columns)} AS v ${tail}`.trimEnd();
  }

  /** Adds a statement; `name` lets later parts read its RETURNING rows. */
  add(statement: string, name = `w${this.parts.length}`): void {
    this.parts.push(`${name} AS (${statement})`);
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  /**
   * Runs every part as one prepared statement (a write's text comes from a fixed set of shapes:
   * sql-runner.ts); `finalSelect` may read named parts' RETURNING rows.
   */
  async run<Row = unknown>(sql: SqlRunner, finalSelect = 'SELECT 1'): Promise<Row[]> {
    if (this.isEmpty) return [];
    return sql.prepared<Row>(`WITH ${this.parts.join(',\n')}\n${finalSelect}`, this.params);
  }
}
