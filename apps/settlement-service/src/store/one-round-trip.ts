import { escapeLiteral } from 'pg';
import { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

/** The part of node-postgres' client used here. */
interface PgClient {
  query(text: string): Promise<{ rows: Row[] } | { rows: Row[] }[]>;
}

/**
 * A `text[]` literal of `values`, each escaped by node-postgres (quotes and backslashes), so any
 * id, however it is spelled, reads back as the same text.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => escapeLiteral(v)).join(',')}]::text[]`;
}

/**
 * Runs the given statements in one round trip to PostgreSQL and returns each one's rows by the
 * same key (`[]` for a key whose statement is null: not needed this time). The simple query
 * protocol sends them as one message; PostgreSQL runs them in order, each as its own statement
 * with its own snapshot, exactly as if they were sent one after another, so locks are still taken
 * in the order written. On this machine every round trip waits to be scheduled, and a batch's
 * reads were seven of them. The protocol has no parameters: values go in as literals
 * (`textArrayLiteral`), never as raw text.
 */
export async function queryInOneRoundTrip<K extends string>(
  tx: EntityManager,
  statements: Record<K, string | null>,
): Promise<Record<K, Row[]>> {
  const keys = (Object.keys(statements) as K[]).filter((k) => statements[k] !== null);
  const out = Object.fromEntries((Object.keys(statements) as K[]).map((k) => [k, [] as Row[]])) as Record<K, Row[]>;
  if (keys.length === 0) return out;
  const text = keys.map((k) => statements[k]).join(';\n');
  // A quote reads outside a transaction, without a connection of its own: borrow one.
  const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    const result = await client.query(text);
    const results = Array.isArray(result) ? result : [result];
    if (results.length !== keys.length) {
      throw new Error(`expected ${keys.length} results from one round trip, got ${results.length}`);
    }
    keys.forEach((k, i) => (out[k] = results[i].rows));
    return out;
  } finally {
    if (runner !== tx.queryRunner) await runner.release();
  }
}
