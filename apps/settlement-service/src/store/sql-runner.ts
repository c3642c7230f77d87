import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { statementName } from './statement-name';

/**
 * The one way the store talks to PostgreSQL: parameterized statements, never SQL text built from
 * values. `prepared` names the statement (parsed once per connection, then a generic plan) and is
 * only for texts from a fixed set of shapes whose best plan does not depend on the values (the
 * combined writes); reads with `= ANY($1)` use `query` (planned per call: a generic plan for a
 * 500-id batch was measured 10 times slower). On one connection, both queue the statement before
 * they return, so statements run in the order of the calls (apply-and-write.ts relies on it).
 */
export interface SqlRunner {
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  prepared<Row>(text: string, params: readonly unknown[]): Promise<Row[]>;
}

/** A runner on one pg connection (a transaction's, or a relay's own session). */
export function sqlOnClient(client: PoolClient): SqlRunner {
  return {
    query: async <Row>(text: string, params: readonly unknown[] = []) =>
      (await client.query(text, params as unknown[])).rows as Row[],
    prepared: async <Row>(text: string, params: readonly unknown[]) => {
      const name = statementName(text);
      const values = params as unknown[];
      return (await client.query(name === undefined ? { text, values } : { name, text, values })).rows as Row[];
    },
  };
}

/**
 * A runner inside a TypeORM transaction, for the HTTP side's stores that keep TypeORM (their
 * statements are rare: nothing is prepared there).
 */
export function sqlInEntityManager(tx: EntityManager): SqlRunner {
  const query = async <Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> => {
    const runner = tx.queryRunner;
    if (!runner) return (await tx.query(text, params as unknown[])) as Row[];
    // `useStructuredResult`: rows of any statement, including UPDATE ... RETURNING.
    const result = await runner.query(text, params as unknown[], true);
    return (result.records ?? []) as Row[];
  };
  return { query, prepared: query };
}
