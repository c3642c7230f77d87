/**
 * Samples the outbox backlog once a second, `SELECT count(*) FROM outbox WHERE sent_at IS NULL`,
 * with a client that outlives the database: a lost connection (restart, shutdown) is replaced on
 * the next sample, and a sample that cannot be taken is recorded as null (the chart shows a gap).
 * Where the schema has them, rows the relay set aside (`failed_at`) and dead letters waiting in the
 * database are counted too.
 */
import { Client } from 'pg';

export interface BacklogSample {
  /** ms since the epoch. */
  readonly t: number;
  /** Outbox rows not sent yet (null: the database did not answer). */
  readonly unsent: number | null;
  /** Of those, rows the relay set aside as failed (schemas with outbox.failed_at). */
  readonly failed?: number | null;
  /** Dead letters waiting to be published (schemas with a dead_letters table). */
  readonly deadLettersUnsent?: number | null;
}

export class BacklogSampler {
  readonly samples: BacklogSample[] = [];
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private schema: { failedAt: boolean; deadLetters: boolean } | null = null;

  constructor(
    private readonly url: string,
    private readonly everyMs = 1000,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), this.everyMs);
    void this.sample();
    return this;
  }

  /** The latest sample that got an answer. */
  latest(): BacklogSample | null {
    for (let i = this.samples.length - 1; i >= 0; i--) if (this.samples[i].unsent !== null) return this.samples[i];
    return null;
  }

  /** Takes one sample now (also used for the final figure); null when the database did not answer. */
  async sample(): Promise<BacklogSample | null> {
    if (this.busy) return null;
    this.busy = true;
    const t = Date.now();
    try {
      const c = await this.connected();
      if (!this.schema) {
        const { rows } = await c.query<{ failed_at: boolean; dead_letters: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_name = 'outbox' AND column_name = 'failed_at') AS failed_at,
                  to_regclass('dead_letters') IS NOT NULL AS dead_letters`,
        );
        this.schema = { failedAt: rows[0].failed_at, deadLetters: rows[0].dead_letters };
      }
      const parts = ['(SELECT count(*) FROM outbox WHERE sent_at IS NULL)::int AS unsent'];
      if (this.schema.failedAt)
        parts.push('(SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NOT NULL)::int AS failed');
      if (this.schema.deadLetters)
        parts.push('(SELECT count(*) FROM dead_letters WHERE sent_at IS NULL)::int AS dead_letters_unsent');
      const { rows } = await c.query<{ unsent: number; failed?: number; dead_letters_unsent?: number }>(
        `SELECT ${parts.join(', ')}`,
      );
      const s: BacklogSample = {
        t,
        unsent: rows[0].unsent,
        ...(this.schema.failedAt ? { failed: rows[0].failed ?? null } : {}),
        ...(this.schema.deadLetters ? { deadLettersUnsent: rows[0].dead_letters_unsent ?? null } : {}),
      };
      this.samples.push(s);
      return s;
    } catch {
      await this.drop();
      this.samples.push({ t, unsent: null });
      return null;
    } finally {
      this.busy = false;
    }
  }

  private async connected(): Promise<Client> {
    if (this.client) return this.client;
    const c = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: 2000,
      statement_timeout: 3000,
      query_timeout: 4000,
    });
    // An idle connection closed by the server ("terminating connection due to administrator
    // command") must not take the drill down: the next sample opens another.
    c.on('error', () => void this.drop());
    try {
      await c.connect();
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    this.client = c;
    return c;
  }

  private async drop(): Promise<void> {
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.drop();
  }
}
