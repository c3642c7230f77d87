import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SettlementStore } from '../ports/settlement-store';
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
    private readonly store: SettlementStore,
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
      const due = await this.store.dueAuthorizations(SWEEP_MAX);
      if (due.length === 0) return 0;
      const commands = due.map((authorizationId) => ({ kind: 'expire' as const, authorizationId }));
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
