import { Injectable } from '@nestjs/common';
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
export class Database {
  private readonly pool: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    // TypeORM's postgres driver keeps its node-postgres pool as `master`.
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  async transaction<T>(
    work: (sql: SqlRunner) => Promise<T>,
    options: { isolation?: 'REPEATABLE READ' } = {},
  ): Promise<T> {
    const client = await this.pool.connect();
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
      client.release(broken);
    }
  }

  /** One statement on any pooled connection, outside a transaction. */
  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(text, params as unknown[])).rows as Row[];
  }

  async dedicatedSession(): Promise<DedicatedSession> {
    const client: PoolClient = await this.pool.connect();
    let ended = false;
    return {
      sql: sqlOnClient(client),
      end: async (failed = false) => {
        if (ended) return;
        ended = true;
        client.release(failed ? new Error('session ended after a failure') : undefined);
      },
    };
  }
}
