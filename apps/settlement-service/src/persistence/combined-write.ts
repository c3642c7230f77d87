import { EntityManager } from 'typeorm';
import { binaryTextArray } from './binary-text-array';
import { preparedQuery } from './prepared-query';

/**
 * Several set-based writes sent as ONE statement (data-modifying CTEs), so a batch's writes cost
 * one round trip to PostgreSQL instead of one per table: on a busy machine each round trip also
 * waits to be scheduled twice. All parts see the same snapshot, so no part may depend on another
 * part's changes except through RETURNING (e.g. journal entry ids for their lines), and no row
 * may be written by two parts. Foreign keys and deferred triggers still check the end result.
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
   * A `text[]` placeholder for `values`, sent in binary (see binary-text-array.ts): for columns of
   * large texts, read with `unnest(...)`, which PostgreSQL takes without parsing.
   */
  textArray(values: readonly (string | null)[]): string {
    return `${this.param(binaryTextArray(values))}::text[]`;
  }

  /** Adds a statement; `name` lets later parts read its RETURNING rows. */
  add(statement: string, name = `w${this.parts.length}`): void {
    this.parts.push(`${name} AS (${statement})`);
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  /**
   * Runs every part as a prepared statement (see prepared-query.ts: a write's text must come from
   * a fixed set of shapes); `finalSelect` may read named parts' RETURNING rows.
   */
  async run<Row = unknown>(tx: EntityManager, finalSelect = 'SELECT 1'): Promise<Row[]> {
    if (this.isEmpty) return [];
    return preparedQuery<Row>(tx, `WITH ${this.parts.join(',\n')}\n${finalSelect}`, this.params);
  }
}
