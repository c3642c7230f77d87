import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { isWorldFault } from '../shared/fault-class';
import { SqlRunner, sqlOnClient } from './sql-runner';

/** A session of its own (a relay's, holding an advisory lock): ended, not pooled, after a failure. */
export interface DedicatedSession {
  readonly sql: SqlRunner;
  /** Back to the pool; with `failed`, the connection is closed instead (its session and locks end). */
  end(failed?: boolean): Promise<void>;
}

/**
 * PostgreSQL for the store: node-postgres on the pool TypeORM opened (TypeORM keeps the
 * migrations and the HTTP side's simple reads and writes). Transactions here are plain
 * BEGIN/COMMIT on one connection; a connection that failed is closed, never reused.
 */
@Injectable()
export class Database implements SqlRunner {
  private readonly log = new Logger(Database.name);
  private readonly pool: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    // TypeORM's postgres driver keeps its node-postgres pool as `master`.
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  async transaction<T>(
    work: (sql: SqlRunner) => Promise<T>,
    options: { isolation?: 'REPEATABLE READ' } = {},
  ): Promise<T> {
    const { client, release } = await this.checkout();
    let broken: Error | undefined;
    try {
      await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
      let result: T;
      try {
        result = await work(sqlOnClient(client));
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
        throw err;
      }
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (isWorldFault(err)) broken ??= err as Error;
      throw err;
    } finally {
      release(broken);
    }
  }

  /** One statement on any pooled connection, outside a transaction. */
  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(text, params as unknown[])).rows as Row[];
  }

  /** Outside a transaction there is no connection of our own to prepare on: a plain statement. */
  prepared<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
    return this.query<Row>(text, params);
  }

  /**
   * LISTENs on `channel` on a connection of its own and calls `onNotify` for each notification,
   * and again after the connection was lost and regained (notifications sent meanwhile are
   * lost: the caller re-reads). Returns how to stop.
   */
  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    let stopped = false;
    let client: PoolClient | null = null;
    const connect = async (): Promise<void> => {
      for (let attempt = 1; !stopped; attempt++) {
        try {
          const c = await this.pool.connect();
          c.on('notification', (n) => {
            if (n.channel === channel) onNotify();
          });
          c.on('error', () => {
            if (stopped || client !== c) return;
            client = null;
            c.release(new Error('listening connection lost'));
            void connect().then(() => onNotify());
          });
          await c.query(`LISTEN ${channel}`);
          client = c;
          return;
        } catch (err) {
          this.log.warn(`LISTEN ${channel} failed (attempt ${attempt}): ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, Math.min(5000, 200 * attempt)));
        }
      }
    };
    await connect();
    return async () => {
      stopped = true;
      const c = client;
      client = null;
      if (c) {
        await c.query(`UNLISTEN ${channel}`).catch(() => undefined);
        c.release();
      }
    };
  }

  /**
   * Runs a query through a server-side cursor and hands its rows over `batchRows` at a time,
   * awaiting each hand-over (so a slow reader slows the fetching): memory holds one batch, not the
   * result. One read-only transaction, so every batch sees the same snapshot.
   */
  async eachBatch<Row>(
    text: string,
    params: readonly unknown[],
    batchRows: number,
    onBatch: (rows: Row[]) => Promise<void>,
  ): Promise<void> {
    await this.transaction(async (sql) => {
      await sql.query('SET TRANSACTION READ ONLY');
      await sql.query(`DECLARE rows_out NO SCROLL CURSOR FOR ${text}`, params);
      for (;;) {
        const rows = await sql.query<Row>(`FETCH ${Math.max(1, Math.floor(batchRows))} FROM rows_out`);
        if (rows.length === 0) return;
        await onBatch(rows);
      }
    });
  }

  async dedicatedSession(): Promise<DedicatedSession> {
    const { client, release } = await this.checkout();
    let ended = false;
    return {
      sql: sqlOnClient(client),
      end: async (failed = false) => {
        if (ended) return;
        ended = true;
        release(failed ? new Error('session ended after a failure') : undefined);
      },
    };
  }

  /**
   * A pooled connection with an `error` listener while it is checked out: a connection lost under
   * a checked-out client is emitted on it (the pool only listens to idle ones), and an unheard
   * `error` would end the process. The query in flight fails as well, and the caller handles that.
   */
  private async checkout(): Promise<{ client: PoolClient; release: (err?: Error) => void }> {
    const client = await this.pool.connect();
    let lost: Error | undefined;
    const onError = (err: Error): void => {
      lost = err;
    };
    client.on('error', onError);
    return {
      client,
      release: (err?: Error) => {
        client.removeListener('error', onError);
        client.release(err ?? lost);
      },
    };
  }
}
