import { Pool } from 'pg';
import { SqlRunner, sqlOnClient } from './sql-runner';

/** One connection outside the service (the operators' tools): statements, then `end`. */
export interface StandaloneSession {
  readonly sql: SqlRunner;
  end(): Promise<void>;
}

export async function openStandaloneSession(databaseUrl: string, applicationName: string): Promise<StandaloneSession> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1, application_name: applicationName });
  try {
    const client = await pool.connect();
    return {
      sql: sqlOnClient(client),
      end: async () => {
        client.release();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
