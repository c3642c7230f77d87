import { Client } from 'pg';
import { TEST_DATABASE_URL } from './test-config';

/**
 * Makes the whole PostgreSQL cluster refuse writes (every session, as after a fail-over to a
 * replica) or take them again. The cluster is shared: a test that turns it on must turn it off in
 * a `finally`, and the integration tests' global setup turns it off in case a run was killed.
 */
export async function setClusterReadOnly(on: boolean): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      on ? 'ALTER SYSTEM SET default_transaction_read_only = on' : 'ALTER SYSTEM RESET default_transaction_read_only',
    );
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
  // Sessions take a reloaded setting at their next statement; give the postmaster a moment to signal them.
  await new Promise((r) => setTimeout(r, 300));
}
