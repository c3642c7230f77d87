import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SettlementProcessor } from './settlement-processor';
import { isWorldFault } from '../../shared/fault-class';

const SWEEP_EVERY_MS = 1000;
const SWEEP_MAX = 200;

/**
 * Ends authorizations nobody answered in time (AUTHORIZATION_TIMEOUT_S): the requested part is
 * paid in cash. Runs through the same processor (same locks) as a holder's answer, so exactly one
 * of them wins.
 */
@Injectable()
export class AuthorizationExpiry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(AuthorizationExpiry.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly processor: SettlementProcessor,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep().then(() => {
        this.running = null;
      });
    }, SWEEP_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Expires what is due now; returns how many it ended. */
  async sweep(): Promise<number> {
    try {
      const rows = (await this.db.query(
        `SELECT a.authorization_id FROM authorizations a JOIN charges c ON c.charge_id = a.charge_id
         WHERE a.status = 'PENDING' AND a.expires_at <= now()
           AND c.status = 'PENDING_AUTHORIZATION' AND c.pending_decision IS NOT NULL
         ORDER BY a.expires_at LIMIT $1`,
        [SWEEP_MAX],
      )) as { authorization_id: string }[];
      if (rows.length === 0) return 0;
      const commands = rows.map((r) => ({ kind: 'expire' as const, authorizationId: r.authorization_id }));
      try {
        const results = await this.processor.process(commands);
        return results.filter((r) => r.kind === 'applied').length;
      } catch (err) {
        if (isWorldFault(err)) throw err;
        // One inconsistent authorization must not keep every other one from expiring.
        return await this.oneByOne(commands);
      }
    } catch (err) {
      this.log.warn(`authorization expiry sweep failed: ${(err as Error).message}`);
      return 0;
    }
  }

  private async oneByOne(commands: { kind: 'expire'; authorizationId: string }[]): Promise<number> {
    let ended = 0;
    for (const cmd of commands) {
      try {
        const [result] = await this.processor.process([cmd]);
        if (result.kind === 'applied') ended++;
      } catch (err) {
        if (isWorldFault(err)) throw err;
        this.log.error(`authorization ${cmd.authorizationId} cannot expire: ${(err as Error).message}`);
      }
    }
    return ended;
  }
}
