import { Injectable } from '@nestjs/common';
import { withTimeout } from '../shared/with-timeout';
import { Database } from './database';

const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether the database takes a committed write right now: what tells a fault of the world
 * (read-only after a fail-over, disk full, no connection) from a message that fails by itself,
 * and what /health/ready reports. One row, rewritten; its transaction carries a statement timeout
 * so a hanging database answers "no" in time.
 */
@Injectable()
export class DatabaseProbe {
  constructor(private readonly db: Database) {}

  async writable(): Promise<{ ok: true } | { ok: false; detail: string }> {
    try {
      await withTimeout(
        this.db.transaction(async (sql) => {
          await sql.query(`SET LOCAL statement_timeout = ${PROBE_TIMEOUT_MS}`);
          await sql.query(
            `INSERT INTO service_probe (id, probed_at) VALUES (1, now())
             ON CONFLICT (id) DO UPDATE SET probed_at = EXCLUDED.probed_at`,
          );
        }),
        PROBE_TIMEOUT_MS + 500,
      );
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }
}
