/** What the inbound consumer knows of its place in the consumer group, for /health/ready and metrics. */
export type GroupStatus = 'member' | 'standby' | 'rebalancing' | 'not-member';

export interface GroupView {
  status: GroupStatus;
  /** Inbound partitions this instance holds. */
  partitions: number;
  /** Since when it is not a member, or rebalancing (ms since the epoch); null while a member. */
  sinceMs: number | null;
  rebalances: number;
}

/**
 * Follows kafkajs' group events: a join with partitions makes a member, a join without any a
 * standby (more instances than partitions); a rebalance, a stop or a crash ends membership until
 * the next join.
 */
export class ConsumerGroupState {
  private status: GroupStatus = 'not-member';
  private partitions = 0;
  private since: number | null = Date.now();
  private rebalances = 0;

  joined(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.partitions = Object.values(assignment).reduce((n, ps) => n + ps.length, 0);
    this.status = this.partitions > 0 ? 'member' : 'standby';
    this.since = null;
  }

  rebalancing(now = Date.now()): void {
    if (this.status === 'member' || this.status === 'standby') this.since = now;
    this.status = 'rebalancing';
    this.rebalances++;
  }

  left(now = Date.now()): void {
    if (this.status !== 'not-member') this.since = now;
    this.status = 'not-member';
    this.partitions = 0;
  }

  view(): GroupView {
    return { status: this.status, partitions: this.partitions, sinceMs: this.since, rebalances: this.rebalances };
  }
}
