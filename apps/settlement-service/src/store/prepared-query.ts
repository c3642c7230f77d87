import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The part of node-postgres' client used here. */
interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Distinct statement texts that get a name. The combined writes have a handful of shapes; past
 * this a text is sent unnamed (planned on every call, as before) rather than growing every
 * connection's set of prepared statements without bound.
 */
export const MAX_NAMED_STATEMENTS = 64;

const names = new Map<string, string>();
const log = new Logger('PreparedQuery');
let warnedFull = false;

/** The statement's name: derived from its text, so every connection and process agrees on it. */
export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= MAX_NAMED_STATEMENTS) {
    if (!warnedFull) log.warn(`more than ${MAX_NAMED_STATEMENTS} distinct statements: further ones run unnamed`);
    warnedFull = true;
    return undefined;
  }
  const name = `gongji_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  names.set(text, name);
  return name;
}

/**
 * Runs `text` on the transaction's connection as a named prepared statement: PostgreSQL parses
 * it once per connection and, after five runs, keeps one generic plan instead of planning each
 * call (the batch write: ~0.7 ms of planning per transaction). Only for statements whose best
 * plan does not depend on their parameters' values: the combined writes, whose rows come as
 * array parameters zipped by `unnest` and joined on primary keys, whatever their length. Not
 * for `col = ANY($1)` reads: measured, a
 * generic plan for the bindings read of a 500-charge batch took 31 ms instead of 3. Never
 * `SELECT *` either (a prepared one fails once a migration adds a column).
 */
export async function preparedQuery<Row>(tx: EntityManager, text: string, values: unknown[]): Promise<Row[]> {
  const runner = tx.queryRunner;
  // Outside a transaction there is no connection of our own to prepare on: plain query.
  if (!runner) return (await tx.query(text, values)) as Row[];
  const client = (await runner.connect()) as PgClient;
  const name = statementName(text);
  const result = await client.query(name === undefined ? { text, values } : { name, text, values });
  return result.rows as Row[];
}
