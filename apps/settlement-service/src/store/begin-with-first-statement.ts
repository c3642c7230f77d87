import { DataSource, EntityManager } from 'typeorm';

/** The part of node-postgres' client this touches: `query`, in the forms TypeORM and this service call it. */
export interface QueryingClient {
  query: (...args: unknown[]) => unknown;
}

/** What TypeORM's `startTransaction` sends to begin (its `transaction()` has no other way to start one). */
const BEGIN_TEXT = 'START TRANSACTION';

/** Stands in for the BEGIN's own answer, which TypeORM reads no further than this. */
const DEFERRED_BEGIN_RESULT = Object.freeze({ command: 'BEGIN', rowCount: null, rows: [], fields: [] });

/**
 * Holds back the BEGIN that TypeORM sends on `client` and sends it with the next statement, in the
 * same message where that statement is plain text (the simple query protocol runs a message's
 * statements in order, the BEGIN first), before it otherwise. Every statement on the connection
 * goes through `client.query`, whatever path sends it, so none can run ahead of the BEGIN and
 * outside the transaction. Saves one of a settlement transaction's five round trips (BEGIN, two
 * reads, the write, COMMIT); on this machine each is a wake-up of the other side that waits for
 * a core. Returns the function that puts `client` back as it was (before it goes back to the pool).
 */
export function deferBeginToFirstStatement(client: QueryingClient): () => void {
  const hadOwnQuery = Object.prototype.hasOwnProperty.call(client, 'query');
  const original = client.query;
  let pendingBegin: string | null = null;
  client.query = function (this: QueryingClient, ...args: unknown[]): unknown {
    const [first, second, third] = args;
    const plainText = typeof first === 'string' && third === undefined && typeof second !== 'function';
    const noValues = second === undefined || (Array.isArray(second) && second.length === 0);
    if (pendingBegin === null) {
      if (plainText && noValues && first === BEGIN_TEXT) {
        pendingBegin = first;
        return Promise.resolve(DEFERRED_BEGIN_RESULT);
      }
      return original.apply(this, args);
    }
    const begin = pendingBegin;
    pendingBegin = null;
    if (plainText && noValues) {
      return (original.call(this, `${begin};\n${first as string}`) as Promise<unknown>).then(withoutBeginResult);
    }
    // A statement with parameters (or a callback) is a message of its own: the BEGIN goes first.
    return (original.call(this, begin) as Promise<unknown>).then(() => original.apply(this, args));
  };
  return () => {
    if (hadOwnQuery) client.query = original;
    else delete (client as Partial<QueryingClient>).query;
  };
}

/** The answer the statement would have had sent alone: node-postgres gives one result per statement. */
function withoutBeginResult(results: unknown): unknown {
  if (!Array.isArray(results)) throw new Error('expected the BEGIN and its statement to answer apart');
  const rest = results.slice(1);
  return rest.length === 1 ? rest[0] : rest;
}

/**
 * `DataSource.transaction` at the default isolation level (READ COMMITTED), with its BEGIN sent
 * together with the first statement (`deferBeginToFirstStatement`).
 */
export async function transactionBegunWithFirstStatement<T>(
  db: DataSource,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = db.createQueryRunner();
  let restore = (): void => undefined;
  try {
    restore = deferBeginToFirstStatement((await runner.connect()) as QueryingClient);
    await runner.startTransaction();
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  } finally {
    restore();
    await runner.release();
  }
}
